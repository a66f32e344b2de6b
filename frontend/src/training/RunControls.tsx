// Pause, step and resume a live run; continue a stopped or failed one, or train a finished one for more epochs.
// A run whose loss diverged would diverge again from its checkpoint: it is sent to the editor instead.
import { useState } from "react";
import { client, runPath, unwrap } from "../api/client";
import type { RunStatus } from "../api/types";
import { offlineReason } from "./staleness";
import { CodeText } from "../editor/CodeText";
import { StepButton } from "./StepButton";

const continueRun = (runId: string, epochs: number | null) =>
  unwrap(client.POST("/api/runs/{run_id}/continue", { ...runPath(runId), body: { epochs } }));

interface Props {
  runId: string;
  status: RunStatus;
  /** Its loss stopped being finite: going on with the same settings fails again at once. */
  diverged: boolean;
  /** It began training. One that never did (cancelled while queued, or failed before its first
   * step) has no checkpoint to go on from; a stop, even in the first epoch, leaves one. */
  started: boolean;
  /** Epochs of its plan it had not trained when it ended; a stopped run's "Train N more" drops them. */
  epochsLeft: number;
  /** The last step it trained, as its page shows it. */
  step: number;
  /** When the live connection was lost: every control here needs the server, and waits for it. */
  lostAt: number | null;
  /** The run was queued again: its event stream goes on in the same log. */
  onContinued: () => void;
  /** Opens the run's design and settings in the editor, to change them and train anew. */
  onOpenInEditor?: () => void;
}

export function RunControls({ runId, status, diverged, started, epochsLeft, step, lostAt, onContinued, onOpenInEditor }: Props) {
  const [busy, setBusy] = useState(false);
  const [more, setMore] = useState(5);
  const [error, setError] = useState<string | null>(null);

  const act = (call: () => Promise<unknown>, after?: () => void) => {
    setBusy(true);
    setError(null);
    call()
      .then(() => after?.())
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setBusy(false));
  };

  const live = status === "running" || status === "paused";
  const offline = offlineReason(lostAt);
  const waiting = busy || offline !== null; // a request in flight, or no server to send one to
  const why = offline ?? undefined;
  const canResume = started && (status === "cancelled" || (status === "failed" && !diverged));
  return (
    <div className="run-controls" data-testid="run-controls">
      {status === "cancelled" && !started && onOpenInEditor && (
        <>
          <button className="primary" data-testid="never-started-open-in-editor" onClick={onOpenInEditor}>
            Open in editor
          </button>
          <span className="muted">to train it again: it stopped before its first step, so there is nothing to go on from.</span>
        </>
      )}
      {diverged && onOpenInEditor && (
        <>
          <button className="primary" data-testid="diverged-open-in-editor" onClick={onOpenInEditor}>
            Open in editor
          </button>
          <span className="muted">to lower the learning rate: going on from here would diverge again.</span>
        </>
      )}
      {live && status === "running" && (
        <button data-testid="pause-button" disabled={waiting} title={why} onClick={() => act(() => unwrap(client.POST("/api/runs/{run_id}/pause", runPath(runId))))}>
          Pause
        </button>
      )}
      {status === "paused" && (
        <button className="primary" data-testid="resume-button" disabled={waiting} title={why} onClick={() => act(() => unwrap(client.POST("/api/runs/{run_id}/resume", runPath(runId))))}>
          Resume
        </button>
      )}
      {status === "paused" && <StepButton runId={runId} step={step} offline={offline} onError={setError} />}
      {canResume && (
        <button
          className="primary"
          data-testid="continue-button"
          disabled={waiting}
          title={offline ?? "Go on from the last checkpoint to the planned epochs"}
          onClick={() => act(() => continueRun(runId, null), onContinued)}
        >
          Continue
        </button>
      )}
      {(canResume || status === "succeeded") && (
        <span className="more-epochs">
          <button data-testid="more-epochs-button" disabled={waiting || !(more >= 1)} title={why} onClick={() => act(() => continueRun(runId, more), onContinued)}>
            Train
          </button>
          <input
            type="number"
            min={1}
            max={1000}
            value={more}
            aria-label="More epochs"
            data-testid="more-epochs-input"
            onChange={(e) => setMore(Math.floor(Number(e.target.value)))}
          />
          {/* Its plan becomes these: Continue is the way to the epochs it had left. */}
          <span data-testid="more-epochs-label">{canResume && epochsLeft > 0 ? `more epochs, instead of the ${epochsLeft} left` : "more epochs"}</span>
        </span>
      )}
      {error && (
        <span className="design-error" role="alert">
          <CodeText text={error} />
        </span>
      )}
    </div>
  );
}
