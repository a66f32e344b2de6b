// What an upload sends: the file and the choices that fit its kind, as the multipart form the
// server reads; and the column names of a CSV, read in the browser before anything is sent.

export interface UploadChoices {
  target: string;
  /** A CSV's columns to leave out (an ID, a date, notes): the server's `drop`, once each. */
  drop: string[];
  task: "auto" | "classification" | "regression";
  valFraction: number;
  imageSize: number;
  color: "grayscale" | "rgb";
  /** A CSV's rows with a missing value (an empty cell, NA, ?): left out, or the file refused. */
  dropMissing: boolean;
  /** The dataset's name in the list, where not the file's (a set made in the browser). */
  title?: string;
  /** A ZIP's class folders in the order the model numbers them (a set made in the browser keeps
   * its cards' order); absent: sorted by name. */
  classOrder?: string[];
}

/** What the form starts with: the server's defaults for each field (a ZIP's pictures colour and
 * 32×32, as Make an image dataset makes them). */
export const UPLOAD_DEFAULTS: UploadChoices = { target: "", drop: [], task: "auto", valFraction: 0.2, imageSize: 32, color: "rgb", dropMissing: false };

/** What a picture is made, as the server's answer says it (picture_words): "colour, 32×32". */
export function pictureWords(channels: number, height: number, width: number): string {
  return `${channels === 1 ? "grey" : "colour"}, ${height}×${width}`;
}

export function uploadForm(file: File, choices: UploadChoices): FormData {
  const form = new FormData();
  form.append("file", file);
  if (file.name.toLowerCase().endsWith(".csv")) {
    form.append("target", choices.target);
    for (const column of choices.drop) form.append("drop", column);
    if (choices.dropMissing) form.append("missing", "drop");
  }
  if (file.name.toLowerCase().endsWith(".zip")) {
    form.append("image_size", String(choices.imageSize));
    form.append("color", choices.color);
    for (const name of choices.classOrder ?? []) form.append("class_order", name);
  }
  form.append("task", choices.task);
  form.append("val_fraction", String(choices.valFraction));
  if (choices.title) form.append("title", choices.title);
  return form;
}

/** Column names that say "this is what to predict", in the order they win. */
const LABEL_NAMES = ["label", "labels", "target", "class", "classes", "y"];

/** The column a CSV most likely means to predict: one named label/target/class/y, else the last. */
export function guessTarget(header: string[]): string {
  for (const name of LABEL_NAMES) {
    const found = header.find((column) => column.trim().toLowerCase() === name);
    if (found !== undefined) return found;
  }
  return header[header.length - 1] ?? "";
}
