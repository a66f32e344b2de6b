// "Start from": fresh weights, or the trained weights of one of this browser's finished runs, with
// what the design takes from them (MATLAB Deep Network Designer's and Keras' transfer learning).
// Among many runs, a box finds older ones by name, note, id or dataset (GET /api/runs?q=).
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

/** Runs listed before the find box shows: fewer read at a glance. */
const FIND_FROM = 10;

export function StartFrom({ runId, match, onChange }: Props) {
  const [runs, setRuns] = useState<RunInfo[]>([]);
  const [text, setText] = useState("");
  const [many, setMany] = useState(false);
  const q = text.trim();
  useEffect(() => {
    let live = true;
    const timer = window.setTimeout(
      () =>
        unwrap(client.GET("/api/runs", q ? { params: { query: { q } } } : {})).then(
          // openapi-fetch's Readable<> widens the designs' [from, to] edge tuples to string[][].
          (all) => {
            if (!live) return;
            const usable = (all as RunInfo[]).filter((run) => run.status === "succeeded" && !run.training.range_test);
            setRuns(usable);
            if (!q) setMany(usable.length >= FIND_FROM);
          },
          () => live && setRuns([]),
        ),
      q ? 250 : 0,
    );
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [q]);
  const [kept, setKept] = useState<RunInfo | undefined>(undefined); // the chosen run, found or not
  const found = runs.find((run) => run.id === runId);
  if (found && found !== kept) setKept(found);
  const chosen = found ?? (kept?.id === runId ? kept : undefined);
  return (
    <>
      {many && (
        <label className="field">
          <span>Find a run to start from</span>
          <input type="search" data-testid="start-from-find" value={text} maxLength={100} placeholder="name, note, id or dataset" onChange={(e) => setText(e.target.value)} />
        </label>
      )}
      <label className="field">
        <span>Start from</span>
        <select aria-label="Start from" data-testid="start-from-select" value={runId ?? ""} onChange={(e) => onChange(e.target.value || null)}>
          <option value="">Fresh weights</option>
          {runId && !found && <option value={runId}>{chosen ? runLabel(chosen) : `run ${runId}`}</option>}
          {runs.map((run) => (
            <option key={run.id} value={run.id}>
              {runLabel(run)}
            </option>
          ))}
        </select>
      </label>
      {q && runs.length === 0 && (
        <p className="hint" data-testid="start-from-none">
          No finished run found by “{q}”.
        </p>
      )}
      {runId && <InitFromNote runId={runId} name={chosen ? (chosen.name ?? chosen.design.name) : null} match={match} onClear={() => onChange(null)} />}
    </>
  );
}
