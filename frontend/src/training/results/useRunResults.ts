// A finished run's results on its validation set, asked for each time it ends: the results panel
// draws them, and the run's verdict weighs its accuracy against the commonest class they count.
import { useEffect, useState } from "react";
import { client, runPath, unwrap } from "../../api/client";
import type { RunResults } from "../../api/types";

export interface RunResultsState {
  results: RunResults | null;
  problem: string | null;
}

/** `endSeq`: the seq of the run's end event, 0 while it has none; `wanted`: whether it has results. */
export function useRunResults(runId: string, endSeq: number, wanted: boolean): RunResultsState {
  const [state, setState] = useState<RunResultsState>({ results: null, problem: null });
  useEffect(() => {
    setState({ results: null, problem: null });
    if (endSeq === 0 || !wanted) return;
    let current = true;
    unwrap(client.GET("/api/runs/{run_id}/results", runPath(runId))).then(
      (results) => current && setState({ results, problem: null }),
      (error: unknown) => current && setState({ results: null, problem: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      current = false;
    };
  }, [runId, endSeq, wanted]);
  return state;
}
