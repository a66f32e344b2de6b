// What the design would take from the run it starts from, asked again shortly after the design changes.
import { useEffect, useState } from "react";
import { client, runPath, unwrap } from "../../api/client";
import type { Design, InitMatch } from "../../api/types";

const DEBOUNCE_MS = 200;

export type StartMatch = { match: InitMatch; problem: null } | { match: null; problem: string } | null;

/** The match of `design` with run `runId`'s weights, or why there is none; null while the design
 * is not valid (the previous answer stays while the next is asked, so the line does not flicker). */
export function useStartMatch(runId: string | null | undefined, design: Design, valid: boolean): StartMatch {
  const [answer, setAnswer] = useState<{ key: string; value: StartMatch } | null>(null);
  const key = runId && valid ? `${runId} ${JSON.stringify(design)}` : "";
  useEffect(() => {
    if (!runId || !valid) return;
    let current = true;
    const timer = window.setTimeout(() => {
      unwrap(client.POST("/api/runs/{run_id}/start-match", { ...runPath(runId), body: { design } }))
        .then((match) => current && setAnswer({ key, value: { match, problem: null } }))
        .catch((error: unknown) => current && setAnswer({ key, value: { match: null, problem: error instanceof Error ? error.message : String(error) } }));
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [runId, design, valid, key]);
  if (!key) return null;
  return answer && answer.key.startsWith(`${runId} `) ? answer.value : null;
}
