// The typed client for the TorchCanvas API, over openapi-fetch and the generated schema.
// URLs are relative: the same server serves this page.
import createClient from "openapi-fetch";
import type { paths } from "./schema";
import type { Design, DesignError, TrainingSettings } from "./types";

const client = createClient<paths>({ baseUrl: "" });

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

/** FastAPI's own 422s carry a list of {loc, msg}; ours carry {detail: string, errors}. */
function describe(body: unknown): { detail: string | null; errors: DesignError[] } {
  if (typeof body !== "object" || body === null) return { detail: null, errors: [] };
  const { detail, errors } = body as { detail?: unknown; errors?: unknown };
  if (typeof detail === "string") return { detail, errors: Array.isArray(errors) ? (errors as DesignError[]) : [] };
  if (Array.isArray(detail)) {
    const issues = detail.map((d: { loc?: unknown[]; msg?: string }) => ({
      node: null,
      field: Array.isArray(d.loc) ? d.loc.slice(1).join(".") : null,
      message: d.msg ?? "invalid",
    }));
    return { detail: issues.map((i) => `${i.field}: ${i.message}`).join("; "), errors: issues };
  }
  return { detail: null, errors: [] };
}

async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok && data !== undefined) return data;
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
