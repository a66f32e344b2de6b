// The model page's calls. Its URLs come from the server (owner or share link), so they use fetch.
import { ApiError } from "../api/client";
import type { components } from "../api/schema";
import type { RunEvent, RunResults } from "../api/types";

type Schemas = components["schemas"];
export type ModelView = Schemas["ModelView"];
export type Share = Schemas["Share"];
export type ShareCreated = Schemas["ShareCreated"];
export type Prediction = Schemas["Prediction"];

async function call<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, { credentials: "same-origin", ...init });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { detail?: string } | null;
    throw new ApiError(body?.detail ?? `${response.status} ${response.statusText}`, response.status);
  }
  return (response.status === 204 ? undefined : await response.json()) as T;
}

const json = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify(body),
});

export const modelApi = {
  /** `source` is the owner's /api/models/<id> or a link's /api/shared/<token>. */
  view: (source: string) => call<ModelView>(source),
  events: (view: ModelView) => call<RunEvent[]>(`${view.events_url}?limit=10000`),
  results: (view: ModelView) => call<RunResults>(view.results_url),
  predict: (view: ModelView, input: number[]) => call<Prediction>(view.predict_url, json({ input })),
  shares: (runId: string) => call<Share[]>(`/api/runs/${encodeURIComponent(runId)}/shares`),
  share: (runId: string, expiresInSeconds: number | null) =>
    call<ShareCreated>(`/api/runs/${encodeURIComponent(runId)}/shares`, json({ expires_in_seconds: expiresInSeconds })),
  revoke: (runId: string, shareId: string) =>
    call<void>(`/api/runs/${encodeURIComponent(runId)}/shares/${encodeURIComponent(shareId)}`, { method: "DELETE" }),
};
