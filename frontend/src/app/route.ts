// Which page the path asks for: the editor at "/", the runs at /runs, a run at /runs/<id>,
// a model at /models/<run id>, a shared one at /s/<token>, a teacher's classes at /classes and one
// class at /classes/<code>, the challenges at /challenges, the server's admin at /admin; any other
// path is no page (the server answers it 404 with this app, which says so and links the pages there are).
export type Route =
  | { page: "editor" }
  | { page: "runs" }
  | { page: "run"; runId: string }
  | { page: "model"; runId: string }
  | { page: "shared"; token: string }
  | { page: "classes" }
  | { page: "class"; code: string }
  | { page: "challenges" }
  | { page: "admin" }
  | { page: "notFound" };

export function routeOf(path: string): Route {
  const run = /^\/runs\/([^/]+)\/?$/.exec(path);
  if (run) return { page: "run", runId: decodeURIComponent(run[1]!) };
  const model = /^\/models\/([^/]+)\/?$/.exec(path);
  if (model) return { page: "model", runId: decodeURIComponent(model[1]!) };
  const shared = /^\/s\/([^/]+)\/?$/.exec(path);
  if (shared) return { page: "shared", token: decodeURIComponent(shared[1]!) };
  if (/^\/runs\/?$/.test(path)) return { page: "runs" };
  const oneClass = /^\/classes\/([^/]+)\/?$/.exec(path);
  if (oneClass) return { page: "class", code: decodeURIComponent(oneClass[1]!) };
  if (/^\/classes\/?$/.test(path)) return { page: "classes" };
  if (/^\/challenges\/?$/.test(path)) return { page: "challenges" };
  if (/^\/admin\/?$/.test(path)) return { page: "admin" };
  if (path === "/" || path === "/index.html") return { page: "editor" };
  return { page: "notFound" };
}
