// Which page the path asks for: the editor at "/", a model at /models/<run id>, a shared one at /s/<token>.
export type Route =
  | { page: "editor" }
  | { page: "runs" }
  | { page: "model"; runId: string }
  | { page: "shared"; token: string };

export function routeOf(path: string): Route {
  const model = /^\/models\/([^/]+)\/?$/.exec(path);
  if (model) return { page: "model", runId: decodeURIComponent(model[1]!) };
  const shared = /^\/s\/([^/]+)\/?$/.exec(path);
  if (shared) return { page: "shared", token: decodeURIComponent(shared[1]!) };
  if (/^\/runs\/?$/.test(path)) return { page: "runs" };
  return { page: "editor" };
}

export const modelPagePath = (runId: string) => `/models/${encodeURIComponent(runId)}`;
