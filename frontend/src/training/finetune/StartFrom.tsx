// "Start from": fresh weights, or the trained weights of one of this browser's finished runs, with
// what the design takes from them (MATLAB Deep Network Designer's and Keras' transfer learning).
import { useEffect, useState } from "react";
import { client, unwrap } from "../../api/client";
import type { RunInfo } from "../../api/types";
import { InitFromNote } from "../InitFromNote";
import { datasetTitle } from "../runs/runList";
import type { StartMatch } from "./useStartMatch";

/** `digits-cnn (3f2a9c) · 97.2% on Handwritten digits (8×8)`: the run's name, its id's start, its
 * accuracy and its dataset (runs of every dataset are listed, and the set's matters to what transfers). */
function runLabel(run: RunInfo): string {
  const accuracy = run.metrics.val_accuracy;
  const on = accuracy === null || accuracy === undefined ? datasetTitle(run) : `${(accuracy * 100).toFixed(1)}% on ${datasetTitle(run)}`;
  return `${run.name ?? run.design.name} (${run.id.slice(0, 6)}) · ${on}`;
}

interface Props {
  runId: string | null | undefined;
  /** What the design takes from that run (useStartMatch). */
  match: StartMatch;
  onChange: (runId: string | null) => void;
}

export function StartFrom({ runId, match, onChange }: Props) {
  const [runs, setRuns] = useState<RunInfo[]>([]);
  useEffect(() => {
    unwrap(client.GET("/api/runs")).then(
      // openapi-fetch's Readable<> widens the designs' [from, to] edge tuples to string[][].
      (all) => setRuns((all as RunInfo[]).filter((run) => run.status === "succeeded" && !run.training.range_test)),
      () => setRuns([]),
    );
  }, []);
  const chosen = runs.find((run) => run.id === runId);
  return (
    <>
      <label className="field">
        <span>Start from</span>
        <select aria-label="Start from" data-testid="start-from-select" value={runId ?? ""} onChange={(e) => onChange(e.target.value || null)}>
          <option value="">Fresh weights</option>
          {runId && !chosen && <option value={runId}>run {runId}</option>}
          {runs.map((run) => (
            <option key={run.id} value={run.id}>
              {runLabel(run)}
            </option>
          ))}
        </select>
      </label>
      {runId && <InitFromNote runId={runId} name={chosen ? (chosen.name ?? chosen.design.name) : null} match={match} onClear={() => onChange(null)} />}
    </>
  );
}
