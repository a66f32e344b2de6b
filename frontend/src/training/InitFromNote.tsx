// Which run's trained weights a run starts from, in the settings before Train and on the dashboard after.
import { useEffect, useState } from "react";
import { readRun } from "../api/sharedReads";
import { modelPagePath } from "../api/pages";
import type { RunInfo } from "../api/types";
import type { StartMatch } from "./finetune/useStartMatch";
import "./initFrom.css";

function RunLink({ runId, name = null }: { runId: string; name?: string | null }) {
  return (
    <a href={modelPagePath(runId)} target="_blank" rel="noreferrer">
      {name ? `${name} ` : ""}
      <code>{runId}</code>
    </a>
  );
}

/** What the design takes from the run, as the server matched it: `conv1 copied; fc fresh (…)`. */
function matchText(match: StartMatch): string {
  if (match === null) return "what it gives shows once the design is valid.";
  if (match.problem !== null) return match.problem;
  if (match.match.tensors.length === 0) return `nothing fits (${match.match.summary}): Train will be refused.`;
  return `${match.match.summary}.`;
}

/** In the training settings: the run to start from, what it gives, and a way back to fresh weights. */
export function InitFromNote({ runId, name = null, match = null, onClear }: { runId: string; name?: string | null; match?: StartMatch; onClear: () => void }) {
  const bad = match !== null && (match.problem !== null || match.match.tensors.length === 0);
  return (
    <p className={bad ? "init-from is-bad" : "init-from"} data-testid="init-from-note">
      Starts from run <RunLink runId={runId} name={name} />: <span data-testid="init-from-match">{matchText(match)}</span>{" "}
      <button className="link-button" onClick={onClear} data-testid="init-from-clear">
        Start from scratch
      </button>
    </p>
  );
}

/** On the dashboard: the run this one started from and what it copied, and its frozen layers. */
export function RunOrigin({ runId }: { runId: string }) {
  const [run, setRun] = useState<RunInfo | null>(null);
  useEffect(() => {
    readRun(runId).then(setRun, () => setRun(null)); // the run page's own read, shared
  }, [runId]);
  const parent = run?.training.init_from;
  const frozen = run?.training.frozen ?? [];
  if (!parent && frozen.length === 0) return null;
  return (
    <>
      {parent && (
        <p className="init-from" data-testid="run-init-from">
          Started from the trained weights of run <RunLink runId={parent} />
          {run?.init_match ? `: ${run.init_match.summary}.` : "."}
        </p>
      )}
      {frozen.length > 0 && (
        <p className="init-from" data-testid="run-frozen">
          Frozen: {frozen.join(", ")} ({frozen.length === 1 ? "kept its weights" : "kept their weights"}; not on the gradient charts).
        </p>
      )}
    </>
  );
}
