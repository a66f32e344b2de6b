// Over Train: the run the new one will be compared with, and a way not to.
import { useEffect, useState } from "react";
import { client, runPath, unwrap } from "../api/client";
import { runPagePath } from "../api/pages";
import type { RunInfo } from "../api/types";
import { runName } from "../training/runs/runList";

export function BasedOnLine({ runId, onClear }: { runId: string; onClear: () => void }) {
  const [run, setRun] = useState<RunInfo | null>(null);
  useEffect(() => {
    setRun(null);
    // A run deleted since (or another browser's) says nothing here: the server leaves it out.
    unwrap(client.GET("/api/runs/{run_id}", runPath(runId))).then((loaded) => setRun(loaded as RunInfo), () => setRun(null));
  }, [runId]);
  if (!run) return null;
  return (
    <p className="based-on muted" data-testid="based-on-line">
      The new run's charts show{" "}
      <a href={runPagePath(runId)} target="_blank" rel="noreferrer">
        {runName(run)}
      </a>{" "}
      faintly, to compare.{" "}
      <button className="link-button" onClick={onClear} data-testid="based-on-clear">
        Don't compare
      </button>
    </p>
  );
}
