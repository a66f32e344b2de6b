// Uploads and previews of datasets, through the typed client. The upload is multipart: its
// FormData is built here and handed to openapi-fetch as the body.
import { client, unwrap } from "../api/client";
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

function uploadForm(file: File, choices: UploadChoices): FormData {
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

export function uploadDataset(file: File, choices: UploadChoices): Promise<DatasetRecord> {
  const form = uploadForm(file, choices);
  return unwrap(
    client.POST("/api/datasets", {
      // The schema types the binary part as a string; the FormData below carries the File itself.
      body: { file: file.name, task: choices.task, val_fraction: choices.valFraction },
      bodySerializer: () => form,
    }),
  );
}

export function fetchPreview(name: string): Promise<DatasetPreviewData> {
  return unwrap(client.GET("/api/datasets/{dataset_id}/preview", { params: { path: { dataset_id: name } } }));
}

/** The column names of a CSV's first line, read in the browser before anything is sent. */
export async function readCsvHeader(file: File): Promise<string[]> {
  const head = await file.slice(0, 64 * 1024).text();
  const line = head.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  return line.split(",").map((name) => name.trim().replace(/^"(.*)"$/, "$1")).filter(Boolean);
}

export function deleteDataset(name: string): Promise<unknown> {
  return unwrap(client.DELETE("/api/datasets/{dataset_id}", { params: { path: { dataset_id: name } } }));
}
