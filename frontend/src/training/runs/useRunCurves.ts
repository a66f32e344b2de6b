// The loss and accuracy curves of the runs being compared, fetched again when a run has trained on.
import { useEffect, useRef, useState } from "react";
import { ALL_EVENTS, client, unwrap } from "../../api/client";
import type { RunEvent, RunInfo } from "../../api/types";
import { curvesOf, type RunCurves } from "./overlay";

interface Fetched {
  step: number;
  curves: RunCurves;
}

export function useRunCurves(runs: RunInfo[], onProblem: (problem: string) => void): Record<string, RunCurves> {
  const [fetched, setFetched] = useState<Record<string, Fetched>>({});
  const asking = useRef(new Set<string>());

  useEffect(() => {
    for (const run of runs) {
      const step = run.metrics.step;
      if (fetched[run.id]?.step === step || asking.current.has(run.id)) continue;
      asking.current.add(run.id);
      unwrap(client.GET("/api/runs/{run_id}/events", { params: { path: { run_id: run.id }, query: ALL_EVENTS } }))
        .then(
          (events) => setFetched((f) => ({ ...f, [run.id]: { step, curves: curvesOf(events as RunEvent[]) } })),
          (e: unknown) => onProblem(e instanceof Error ? e.message : String(e)),
        )
        .finally(() => asking.current.delete(run.id));
    }
  }, [runs, fetched, onProblem]);

  const curves: Record<string, RunCurves> = {};
  for (const run of runs) if (fetched[run.id]) curves[run.id] = fetched[run.id]!.curves;
  return curves;
}
