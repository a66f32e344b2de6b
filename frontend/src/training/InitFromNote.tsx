// Which run's trained weights a run starts from, in the settings before Train and on the dashboard after.
import { useEffect, useState } from "react";
import { client, runPath, unwrap } from "../api/client";
import { modelPagePath } from "../api/pages";
import "./initFrom.css";

function RunLink({ runId }: { runId: string }) {
  return (
    <a href={modelPagePath(runId)} target="_blank" rel="noreferrer">
      <code>{runId}</code>
    </a>
  );
}

/** In the training settings: the run to start from, and a way back to fresh weights. */
export function InitFromNote({ runId, onClear }: { runId: string; onClear: () => void }) {
  return (
    <p className="init-from" data-testid="init-from-note">
      Starts from the trained weights of run <RunLink runId={runId} />.{" "}
      <button className="link-button" onClick={onClear} data-testid="init-from-clear">
        Start from scratch
      </button>
    </p>
  );
}

/** On the dashboard: the run this one started from, as the server recorded it. */
export function RunOrigin({ runId }: { runId: string }) {
  const [parent, setParent] = useState<string | null>(null);
  useEffect(() => {
    unwrap(client.GET("/api/runs/{run_id}", runPath(runId))).then((run) => setParent(run.training.init_from ?? null), () => setParent(null));
  }, [runId]);
  if (!parent) return null;
  return (
    <p className="init-from" data-testid="run-init-from">
      Started from the trained weights of run <RunLink runId={parent} />.
    </p>
  );
}
