// The addresses of the browser's pages, as the server serves them (api/routes/session.py).

export const editorPath = "/";
export const runsPagePath = "/runs";
/** The runs page showing one group's runs (a sweep's), all of them compared. */
export const sweepPagePath = (group: string) => `${runsPagePath}?${new URLSearchParams({ group })}`;
export const runPagePath = (runId: string) => `/runs/${encodeURIComponent(runId)}`;
export const modelPagePath = (runId: string) => `/models/${encodeURIComponent(runId)}`;
export const sharedPagePath = (token: string) => `/s/${encodeURIComponent(token)}`;
export const classesPagePath = "/classes";
/** Small goals to train towards, opened in the editor. */
export const challengesPagePath = "/challenges";
/** A teacher's class, by its code. */
export const classPagePath = (code: string) => `/classes/${encodeURIComponent(code)}`;
