// The typed client for the TorchCanvas API, over openapi-fetch and the generated schema.
// URLs are relative: the same server serves this page.
import createClient from "openapi-fetch";
import type { paths } from "./schema";
import type { Design, DesignError, TrainingSettings } from "./types";

/** The one openapi-fetch client; the model page, datasets and code panel build their calls on it too. */
export const client = createClient<paths>({ baseUrl: "" });

/** A 4xx/5xx answer, with the server's message and its per-node errors when it sent them. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly errors: DesignError[] = [],
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

/** The data of an openapi-fetch call, or an ApiError with the server's message (204: undefined). */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  const { detail, errors } = describe(error);
  throw new ApiError(detail ?? `${response.status} ${response.statusText}`, response.status, errors);
}

const runPath = (id: string) => ({ params: { path: { run_id: id } } });

export const api = {
  catalog: () => unwrap(client.GET("/api/catalog")),
  validate: (design: Design, batchSize = 1, optimizer: string | null = null) =>
    unwrap(client.POST("/api/designs/validate", { body: { design, batch_size: batchSize, optimizer } })),
  createRun: (design: Design, training: TrainingSettings) => unwrap(client.POST("/api/runs", { body: { design, training } })),
  run: (id: string) => unwrap(client.GET("/api/runs/{run_id}", runPath(id))),
  cancelRun: (id: string) => unwrap(client.POST("/api/runs/{run_id}/cancel", runPath(id))),
  pauseRun: (id: string) => unwrap(client.POST("/api/runs/{run_id}/pause", runPath(id))),
  resumeRun: (id: string) => unwrap(client.POST("/api/runs/{run_id}/resume", runPath(id))),
  continueRun: (id: string, epochs: number | null) =>
    unwrap(client.POST("/api/runs/{run_id}/continue", { ...runPath(id), body: { epochs } })),
  runs: () => unwrap(client.GET("/api/runs")),
  events: (id: string) =>
    unwrap(client.GET("/api/runs/{run_id}/events", { params: { path: { run_id: id }, query: { limit: 10000 } } })),
  results: (id: string) => unwrap(client.GET("/api/runs/{run_id}/results", runPath(id))),
};

/** The websocket URL of a run's event stream, replaying the events after `after`. */
export function runEventsUrl(id: string, after: number): string {
  const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${window.location.host}/api/runs/${encodeURIComponent(id)}/events?after=${after}`;
}

export function runFileUrl(id: string, file: "weights.safetensors" | "design.json" | "code.py"): string {
  return `/api/runs/${encodeURIComponent(id)}/${file}`;
}
