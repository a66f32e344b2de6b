// Sends a dataset file with its choices to POST /api/datasets: the one way a dataset is uploaded,
// whether a person chose the file or the browser made it.
import { client, unwrap } from "../api/client";
import type { DatasetRecord } from "../api/types";
import { uploadForm, type UploadChoices } from "./uploadForm";

export function sendUpload(file: File, choices: UploadChoices): Promise<DatasetRecord> {
  const form = uploadForm(file, choices);
  // The schema types the binary part as a string; the FormData carries the File itself.
  const body = { file: file.name, task: choices.task, val_fraction: choices.valFraction };
  return unwrap(client.POST("/api/datasets", { body, bodySerializer: () => form }));
}
