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
  /** Aborts the upload: the promise rejects with an AbortError, or resolves with the dataset the
   * server made all the same, where the whole file had reached it (see keptAfterAll). */
  signal?: AbortSignal;
  /** Called before the promise resolves with an upload that was cancelled, or lost its reply,
   * and was stored all the same. */
  onKept?: (cancelled: boolean) => void;
  /** Called as the server is asked whether it kept an upload cancelled, or whose reply was lost:
   * the asking lasts as long as the server says it reads the file. */
  onAsking?: (cancelled: boolean, whole: boolean) => void;
}

export const UNREACHABLE = "The upload could not reach the server: check the connection, then upload again.";

// An upload cancelled, or whose reply was lost, may still be read by the server (it stores the
// dataset once it has read it all): asked about by its token this often, while the server says it
// is reading it, for so many looks: a cancel is not kept waiting long, a lost reply is (a large
// ZIP of pictures takes minutes to read). Asked even where the page never heard the whole body
// go: its progress lags the network (a busy page hears of it late), so a cancel it sent part way
// by its own count may come after the server had it all, and stored it.
const LOOK_EVERY_MS = 1000;
const LOOKS_AFTER_CANCEL = 10;
const LOOKS_AFTER_LOST_REPLY = 600;

/** Rejected with, where a cancelled upload was still being read by the server when last asked. */
export class StillReading extends Error {
  constructor() {
    super("Cancelled, but the server was still reading the file when last asked: where the whole of it had reached the server, it is kept, and joins the dataset list in a while. Delete it there if it is not wanted.");
  }
}

export async function sendUpload(file: File, choices: UploadChoices, sending: Sending = {}): Promise<DatasetRecord> {
  const token = uploadToken(); // the server keeps it with the upload, to be asked about
  let whole = false; // the page heard the whole body go
  try {
    return await send(file, choices, sending, token, () => (whole = true));
  } catch (e: unknown) {
    const cancelled = e instanceof DOMException && e.name === "AbortError";
    const lost = e instanceof Error && e.message === UNREACHABLE;
    if (!(cancelled || lost)) throw e;
    sending.onAsking?.(cancelled, whole);
    // A lost reply waits long only where the whole file went: the server then reads it. Cut
    // short, its connection may linger half-open on the server, which says `reading` meanwhile.
    const kept = await keptAfterAll(token, cancelled || !whole ? LOOKS_AFTER_CANCEL : LOOKS_AFTER_LOST_REPLY);
    if (kept === "reading" && cancelled) throw new StillReading();
    if (kept === "reading" || kept === "none") throw e;
    sending.onKept?.(cancelled);
    return kept;
  }
}

/** A random token for one upload (crypto.randomUUID needs a secure page; a LAN address is not one). */
function uploadToken(): string {
  return "upload-" + Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

function send(file: File, choices: UploadChoices, { onProgress, signal }: Sending, token: string, onWhole: () => void): Promise<DatasetRecord> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new DOMException("The upload was cancelled.", "AbortError"));
    const request = new XMLHttpRequest();
    request.open("POST", "/api/datasets");
    request.setRequestHeader("Upload-Token", token);
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

/**
 * The dataset an upload made all the same, though it was cancelled or its reply was lost; "none"
 * where the server has none of it (cut short, refused, or not reachable to say), "reading" where
 * it was still reading it at the last of `looks` asks, a second apart.
 */
async function keptAfterAll(token: string, looks: number): Promise<DatasetRecord | "none" | "reading"> {
  for (let look = 0; look < looks; look++) {
    if (look > 0) await new Promise((done) => setTimeout(done, LOOK_EVERY_MS));
    try {
      const sent = await unwrap(client.GET("/api/uploads-sent/{token}", { params: { path: { token } } }));
      if (sent.state !== "reading") return sent.dataset ?? "none";
    } catch {
      return "none"; // not reachable either: the person can see the list once it is
    }
  }
  return "reading";
}

/** What the form says while it asks whether the server kept an upload cancelled, or whose reply
 * was lost; `whole`: the page had heard its whole file go. */
export function askingMessage(cancelled: boolean, whole: boolean): string {
  if (!whole) return `${cancelled ? "Cancelled" : "The connection was lost"}: asking the server whether the whole file had reached it…`;
  const after = cancelled ? "Cancelled after the whole file had gone" : "The connection was lost after the whole file had gone";
  return `${after}: asking the server whether it keeps the upload (a large file takes a while to read)…`;
}

/** What the form says of an upload kept in spite of its cancel or its lost reply. */
export function keptMessage(record: DatasetRecord, cancelled: boolean): string {
  const before = cancelled ? "before the cancel" : "before the connection was lost";
  return `The whole file had reached the server ${before}: it is kept as “${record.title}”, now chosen. Delete it above if it is not wanted.`;
}
