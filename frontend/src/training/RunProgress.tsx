// Where a run is: status, epoch n of N, a progress bar, time left, and the Stop button.
import type { RunStatus } from "../api/types";
import { epochUnderWay, type RunTally } from "./events";
import { PauseHold } from "./PauseHold";
import { QueuePlace, runQueuePlace } from "./QueuePlace";
import { offlineReason, staleLabel } from "./staleness";
import { statusLabel, statusTitle } from "./statusLabel";
import { CodeText } from "../editor/CodeText";
import { formatCount } from "../editor/format";

interface Props {
  runId: string;
  tally: RunTally;
  status: RunStatus;
  stopping: boolean;
  /** When the live connection was lost (or refused for good): the status is the last one seen,
   * and Stop waits for the server. */
  lostAt: number | null;
  /** A learning-rate range test counts steps only: its epochs setting is not used. */
  rangeTest?: boolean;
  /** Paused when the server stopped: the worker its started event names is gone. */
  workerGone?: boolean;
  /** Null where the run can no longer be asked anything (deleted): no Stop. */
  onStop: (() => void) | null;
}

/** ~45s, ~3m 20s */
export function formatEta(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return s < 60 ? `~${s}s` : `~${Math.floor(s / 60)}m ${s % 60}s`;
}

export function RunProgress({ runId, tally, status, stopping, lostAt, rangeTest = false, workerGone = false, onStop }: Props) {
  // Queued again (gone on while every worker was busy), its part before is not what it does now.
  const { progress, end } = tally;
  const started = status === "queued" ? null : tally.started;
  const total = started?.total_steps ?? 0;
  const step = end?.metrics.step ?? progress?.step ?? 0;
  // Queued to go on, its part before's end does not fill the bar: it has all of its new part to go.
  const fraction = status === "queued" ? 0 : end?.status === "succeeded" ? 1 : total > 0 ? Math.min(1, step / total) : 0;
  const live = status === "queued" || status === "running" || status === "paused";
  const epochs = rangeTest ? undefined : started?.epochs;
  const trained = Math.max(end?.metrics.step ?? 0, progress?.step ?? 0);
  const offline = offlineReason(lostAt);
  return (
    <div className="run-progress" data-testid="progress" data-fraction={fraction.toFixed(3)}>
      <div className="progress-line">
        <span className={lostAt === null ? `status status-${status}` : `status status-${status} status-stale`} data-testid="run-status" data-status={status} title={statusTitle(status, trained)}>
          {staleLabel(statusLabel(status, trained), lostAt)}
        </span>
        <span className="progress-text">
          {status === "queued" && (
            <>
              Waiting for a worker…<QueuePlace ask={runQueuePlace(runId)} />
            </>
          )}
          {tally.downloading && (
            <span data-testid="downloading">
              Downloading {tally.downloading.title} (about {tally.downloading.megabytes} MB) into the data folder;
              later runs use it at once.
            </span>
          )}
          {/* An ended run whose history is still coming: not an epoch under way. */}
          {!live && !end && started && <span data-testid="replaying">Reading its history…</span>}
          {/* Once it ended, the end event's numbers, which its message and metrics also use. */}
          {epochs !== undefined && (live || end) && epochUnderWay(tally)}
          {started && epochs !== undefined && end && (
            <span data-testid="epochs-done">{`${end.metrics.epoch} of ${epochs} epochs done`}</span>
          )}
          {started && rangeTest && "Learning-rate range test"}
          {started && (
            <>
              {" · step "}
              <span data-testid="progress-step">{formatCount(step)}</span>
              {` of ${formatCount(total)}`}
            </>
          )}
          {/* A paused run has no time left to tell, and trains no samples a second. */}
          {status === "running" && progress?.eta != null && <span data-testid="eta"> · time left {formatEta(progress.eta)}</span>}
          {status === "running" && progress && (
            <span className="muted" data-testid="speed">
              {" "}
              · {Math.round(progress.samples_per_second)} samples/s
            </span>
          )}
          {started && (
            <span className="muted" data-testid="run-worker">
              {" "}
              · {workerGone && status === "paused" ? "its worker stopped with the server" : `on ${started.worker ?? started.device}`}
            </span>
          )}
        </span>
        {live && onStop && (
          <button className="danger" data-testid="stop-button" disabled={stopping || offline !== null} title={offline ?? undefined} onClick={onStop}>
            {stopping ? "Stopping…" : "Stop"}
          </button>
        )}
      </div>
      {status === "paused" && !workerGone && lostAt === null && <PauseHold runId={runId} />}
      {started?.note && (
        <p className="muted" data-testid="run-note">
          <CodeText text={started.note} />
        </p>
      )}
      <div
        className="progress-bar"
        role="progressbar"
        aria-label="Training progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(fraction * 100)}
        aria-valuetext={total > 0 ? `${Math.round(fraction * 100)}%: step ${formatCount(step)} of ${formatCount(total)}` : undefined}
      >
        {/* Slides while frames come in; an ended run's bar shows its end at once. */}
        <div className={live && lostAt === null ? "progress-fill sliding" : "progress-fill"} style={{ transform: `scaleX(${fraction})` }} />
      </div>
    </div>
  );
}
