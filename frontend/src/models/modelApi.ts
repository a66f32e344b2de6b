// The model page's calls, through the typed client. The page is an owner's run (/api/models/<id>,
// its files under /api/runs/<id>) or a share link's (/api/shared/<token>); the server's URLs say which.
import { client, unwrap } from "../api/client";
import type { components } from "../api/schema";

type Schemas = components["schemas"];
export type ModelView = Schemas["ModelView"];
export type Share = Schemas["Share"];
export type ShareCreated = Schemas["ShareCreated"];
export type Prediction = Schemas["Prediction"];

type Source = { runId: string } | { token: string };

/** Which model a server URL (the page's source, or a view's events/results/predict URL) belongs to. */
function sourceOf(url: string): Source {
  const owned = /^\/api\/(?:models|runs)\/([^/?#]+)/.exec(url);
  if (owned) return { runId: decodeURIComponent(owned[1]!) };
  const shared = /^\/api\/shared\/([^/?#]+)/.exec(url);
  if (shared) return { token: decodeURIComponent(shared[1]!) };
  throw new Error(`${url} is not the address of a model: expected /api/models/<id> or /api/shared/<token>.`);
}

const runPath = (runId: string) => ({ params: { path: { run_id: runId } } });
const tokenPath = (token: string) => ({ params: { path: { token } } });
const ALL_EVENTS = { limit: 10000 };

export const modelApi = {
  /** `source` is the owner's /api/models/<id> or a link's /api/shared/<token>. */
  view: (source: string) => {
    const from = sourceOf(source);
    const view =
      "runId" in from
        ? unwrap(client.GET("/api/models/{run_id}", runPath(from.runId)))
        : unwrap(client.GET("/api/shared/{token}", tokenPath(from.token)));
    // openapi-fetch's Readable<> widens the design's [from, to] edge tuples to string[][].
    return view as Promise<ModelView>;
  },
  events: (view: ModelView) => {
    const from = sourceOf(view.events_url);
    return "runId" in from
      ? unwrap(client.GET("/api/runs/{run_id}/events", { params: { path: { run_id: from.runId }, query: ALL_EVENTS } }))
      : unwrap(client.GET("/api/shared/{token}/events", { params: { path: { token: from.token }, query: ALL_EVENTS } }));
  },
  results: (view: ModelView) => {
    const from = sourceOf(view.results_url);
    return "runId" in from
      ? unwrap(client.GET("/api/runs/{run_id}/results", runPath(from.runId)))
      : unwrap(client.GET("/api/shared/{token}/results", tokenPath(from.token)));
  },
  predict: (view: ModelView, input: number[]) => {
    const from = sourceOf(view.predict_url);
    return "runId" in from
      ? unwrap(client.POST("/api/runs/{run_id}/predict", { ...runPath(from.runId), body: { input } }))
      : unwrap(client.POST("/api/shared/{token}/predict", { ...tokenPath(from.token), body: { input } }));
  },
  shares: (runId: string) => unwrap(client.GET("/api/runs/{run_id}/shares", runPath(runId))),
  share: (runId: string, expiresInSeconds: number | null) =>
    unwrap(client.POST("/api/runs/{run_id}/shares", { ...runPath(runId), body: { expires_in_seconds: expiresInSeconds } })),
  revoke: (runId: string, shareId: string) =>
    unwrap(client.DELETE("/api/runs/{run_id}/shares/{share_id}", { params: { path: { run_id: runId, share_id: shareId } } })),
};
