// Sends a dataset file with its choices to POST /api/datasets: the one way a dataset is uploaded,
// whether a person chose the file or the browser made it. Sent by XMLHttpRequest, not fetch: only
// it says how much of the body has gone (a large ZIP on a slow link took minutes, with nothing
// said), and it can be cancelled while it goes; a body cut short is kept nowhere by the server.
import { apiError, client, unwrap } from "../api/client";
import type { DatasetRecord } from "../api/types";
import { uploadForm, type UploadChoices } from "./uploadForm";

export interface Sending {
  /** Called as the body goes: the bytes sent of the whole request's. */
  onProgress?: (sent: number, total: number) => void;
  /** Aborts the upload: the promise rejects with an AbortError. */
  signal?: AbortSignal;
}

export const UNREACHABLE = "The upload could not reach the server: check the connection, then upload again.";

export function sendUpload(file: File, choices: UploadChoices, { onProgress, signal }: Sending = {}): Promise<DatasetRecord> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new DOMException("The upload was cancelled.", "AbortError"));
    const request = new XMLHttpRequest();
    request.open("POST", "/api/datasets");
    request.responseType = "json";
    if (onProgress) request.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded, e.total);
    request.onload = () => {
      if (request.status >= 200 && request.status < 300) return resolve(request.response as DatasetRecord);
      reject(apiError(request.status, request.statusText, request.response, request.getResponseHeader("Retry-After")));
    };
    request.onerror = () => reject(new Error(UNREACHABLE));
    request.onabort = () => reject(new DOMException("The upload was cancelled.", "AbortError"));
    signal?.addEventListener("abort", () => request.abort(), { once: true });
    request.send(uploadForm(file, choices));
  });
}

/**
 * The dataset an upload that was cancelled, or lost touch, made all the same, or null: the whole
 * file may reach the server, and be stored, in the moment before the cancel (its progress event
 * lags) or before its reply is lost. Found among this browser's uploads by its file's name, as one
 * not listed before it was sent (`listed`: the names of the datasets known then).
 */
export async function keptAfterAll(file: File, listed: ReadonlySet<string>): Promise<DatasetRecord | null> {
  try {
    const uploads = await unwrap(client.GET("/api/datasets"));
    return uploads.find((record) => record.file_name === file.name && !listed.has(record.name)) ?? null;
  } catch {
    return null; // not reachable either: the person can see the list once it is
  }
}

/** What the form says of an upload kept in spite of its cancel or its lost reply. */
export function keptMessage(record: DatasetRecord, cancelled: boolean): string {
  const before = cancelled ? "before the cancel" : "before the connection was lost";
  return `The whole file had reached the server ${before}: it is kept as “${record.title}”, now chosen. Delete it above if it is not wanted.`;
}
