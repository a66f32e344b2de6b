// The typed client for the TorchCanvas API, over openapi-fetch and the generated schema.
// URLs are relative: the same server serves this page.
import createClient from "openapi-fetch";
import type { paths } from "./schema";
import type { DesignError } from "./types";
import { localTimes } from "./serverTimes";

/** The one client of the API: every call in the app goes through it, typed by the generated schema. */
export const client = createClient<paths>({ baseUrl: "" });

/** A 4xx/5xx answer, with the server's message, its per-node errors when it sent them, and its
 * Retry-After header (a busy server's 503 or a throttle's 429 says when to ask again: api/busy.ts). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly errors: DesignError[] = [],
    readonly retryAfter: string | null = null,
  ) {
    super(message);
  }
}

/** Every error this server sends is `{detail: string, errors: [...]}` (api/errors.py). */
function describe(body: unknown): { detail: string | null; errors: DesignError[] } {
  if (typeof body !== "object" || body === null) return { detail: null, errors: [] };
  const { detail, errors } = body as { detail?: unknown; errors?: unknown };
  if (typeof detail !== "string") return { detail: null, errors: [] };
  return { detail, errors: Array.isArray(errors) ? (errors as DesignError[]) : [] };
}

/** The ApiError of a 4xx/5xx answer: its status, its body as parsed, and its Retry-After. */
export function apiError(status: number, statusText: string, body: unknown, retryAfter: string | null): ApiError {
  const { detail, errors } = describe(body);
  return new ApiError(detail === null ? `${status} ${statusText}` : localTimes(detail), status, errors, retryAfter);
}

/** The data of an openapi-fetch call, or an ApiError with the server's message (204: undefined). */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  throw apiError(response.status, response.statusText, error, response.headers.get("Retry-After"));
}

/** The path parameter of every /api/runs/{run_id}… call. */
export const runPath = (runId: string) => ({ params: { path: { run_id: runId } } });

/** Every stored event of a run, at most this many at once. */
export const ALL_EVENTS = { limit: 10000 };

/**
 * The websocket URL of a run's event stream, replaying the events after `after`; with `batch`,
 * each message is a JSON array of consecutive events, up to about 32 KiB of them (a long
 * history replays in a few hundred messages, each drawn as it comes).
 */
export function runEventsUrl(id: string, after: number, batch = false, heartbeat = false): string {
  const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${window.location.host}/api/runs/${encodeURIComponent(id)}/events?after=${after}${streamOptions(batch, heartbeat)}`;
}

/** The same stream of a run shown through a share link, by the link's token. */
export function sharedEventsUrl(token: string, after: number, batch = false, heartbeat = false): string {
  const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${window.location.host}/api/shared/${encodeURIComponent(token)}/events?after=${after}${streamOptions(batch, heartbeat)}`;
}

function streamOptions(batch: boolean, heartbeat: boolean): string {
  return `${batch ? "&batch=1" : ""}${heartbeat ? "&heartbeat=1" : ""}`;
}

/** Where a run's stream is read from: its owner's address or a share link's. */
export type EventsUrl = (key: string, after: number, batch: boolean, heartbeat: boolean) => string;

export function runFileUrl(id: string, file: "weights.safetensors" | "design.json" | "code.py"): string {
  return `/api/runs/${encodeURIComponent(id)}/${file}`;
}
