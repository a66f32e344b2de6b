// Uploads and previews of datasets. The upload is multipart, so it goes through fetch itself;
// its reply and the preview keep the generated types.
import type { components } from "../api/schema";

export type DatasetRecord = components["schemas"]["DatasetRecord"];
export type DatasetPreviewData = components["schemas"]["DatasetPreview"];

export interface UploadChoices {
  target: string;
  task: "auto" | "classification" | "regression";
  valFraction: number;
  imageSize: number;
  color: "grayscale" | "rgb";
}

async function detail(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { detail?: unknown };
    if (typeof body.detail === "string") return body.detail;
  } catch {
    // not JSON: fall through to the status line
  }
  return `${response.status} ${response.statusText}`;
}

export async function uploadDataset(file: File, choices: UploadChoices): Promise<DatasetRecord> {
  const form = new FormData();
  form.append("file", file);
  if (file.name.toLowerCase().endsWith(".csv")) form.append("target", choices.target);
  if (file.name.toLowerCase().endsWith(".zip")) {
    form.append("image_size", String(choices.imageSize));
    form.append("color", choices.color);
  }
  form.append("task", choices.task);
  form.append("val_fraction", String(choices.valFraction));
  const response = await fetch("/api/datasets", { method: "POST", body: form });
  if (!response.ok) throw new Error(await detail(response));
  return (await response.json()) as DatasetRecord;
}

export async function fetchPreview(name: string): Promise<DatasetPreviewData> {
  const response = await fetch(`/api/datasets/${encodeURIComponent(name)}/preview`);
  if (!response.ok) throw new Error(await detail(response));
  return (await response.json()) as DatasetPreviewData;
}

/** The column names of a CSV's first line, read in the browser before anything is sent. */
export async function readCsvHeader(file: File): Promise<string[]> {
  const head = await file.slice(0, 64 * 1024).text();
  const line = head.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  return line.split(",").map((name) => name.trim().replace(/^"(.*)"$/, "$1")).filter(Boolean);
}
