// What an upload sends: the file and the choices that fit its kind, as the multipart form the
// server reads; and the column names of a CSV, read in the browser before anything is sent.

export interface UploadChoices {
  target: string;
  task: "auto" | "classification" | "regression";
  valFraction: number;
  imageSize: number;
  color: "grayscale" | "rgb";
}

export function uploadForm(file: File, choices: UploadChoices): FormData {
  const form = new FormData();
  form.append("file", file);
  if (file.name.toLowerCase().endsWith(".csv")) form.append("target", choices.target);
  if (file.name.toLowerCase().endsWith(".zip")) {
    form.append("image_size", String(choices.imageSize));
    form.append("color", choices.color);
  }
  form.append("task", choices.task);
  form.append("val_fraction", String(choices.valFraction));
  return form;
}

export async function readCsvHeader(file: File): Promise<string[]> {
  const head = await file.slice(0, 64 * 1024).text();
  const line = head.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  return line.split(",").map((name) => name.trim().replace(/^"(.*)"$/, "$1")).filter(Boolean);
}
