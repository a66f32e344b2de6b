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
  /** Called before the promise resolves with an upload that was cancelled, or lost its reply,
   * after its whole file had gone: the server stored it all the same (see keptAfterAll). */
  onKept?: (cancelled: boolean) => void;
}

export const UNREACHABLE = "The upload could not reach the server: check the connection, then upload again.";

// An upload whose whole body went before its cancel or its lost reply may still be read by the
// server (it stores the dataset once it has read it all): looked for this often, this long apart.
const LOOKS = 10;
const LOOK_EVERY_MS = 1000;

export async function sendUpload(file: File, choices: UploadChoices, sending: Sending = {}): Promise<DatasetRecord> {
  const before = await uploadNames(); // to tell the one this upload made from those already there
  let whole = false; // the whole body has gone
  try {
    return await send(file, choices, sending, () => (whole = true));
  } catch (e: unknown) {
    const cancelled = e instanceof DOMException && e.name === "AbortError";
    const lost = e instanceof Error && e.message === UNREACHABLE;
    const kept = whole && before && (cancelled || lost) ? await keptAfterAll(file, before) : null;
    if (!kept) throw e;
    sending.onKept?.(cancelled);
    return kept;
  }
}

function send(file: File, choices: UploadChoices, { onProgress, signal }: Sending, onWhole: () => void): Promise<DatasetRecord> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new DOMException("The upload was cancelled.", "AbortError"));
    const request = new XMLHttpRequest();
    request.open("POST", "/api/datasets");
    request.responseType = "json";
    if (onProgress) request.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded, e.total);
    request.upload.onload = onWhole;
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

/** The names of this browser's uploads now, or null where they cannot be read. */
async function uploadNames(): Promise<Set<string> | null> {
  try {
    return new Set((await unwrap(client.GET("/api/datasets"))).map((record) => record.name));
  } catch {
    return null;
  }
}

/**
 * The dataset an upload whose whole file had gone made all the same, though it was cancelled (its
 * progress event lags) or its reply was lost, or null: found among this browser's uploads as the
 * newest by its file's name that was not there before it was sent (`before`), looked for a few
 * seconds while the server may still be reading it.
 */
async function keptAfterAll(file: File, before: ReadonlySet<string>): Promise<DatasetRecord | null> {
  for (let look = 0; look < LOOKS; look++) {
    if (look > 0) await new Promise((done) => setTimeout(done, LOOK_EVERY_MS));
    try {
      const made = (await unwrap(client.GET("/api/datasets"))).filter((record) => record.file_name === file.name && !before.has(record.name));
      if (made.length > 0) return made.reduce((a, b) => (b.created_at > a.created_at ? b : a));
    } catch {
      return null; // not reachable either: the person can see the list once it is
    }
  }
  return null;
}

/** What the form says of an upload kept in spite of its cancel or its lost reply. */
export function keptMessage(record: DatasetRecord, cancelled: boolean): string {
  const before = cancelled ? "before the cancel" : "before the connection was lost";
  return `The whole file had reached the server ${before}: it is kept as “${record.title}”, now chosen. Delete it above if it is not wanted.`;
}
