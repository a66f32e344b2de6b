// A live run's Pause, or a paused one's Resume and Step. A run paused when the server stopped has
// no worker: Resume queues it again (the page follows it as it follows a Continue), Step waits.
import { client, runPath, unwrap } from "../api/client";
import { StepButton } from "./StepButton";

interface Props {
  runId: string;
  status: "running" | "paused";
  /** The last step it trained, as its page shows it. */
  step: number;
  workerGone: boolean;
  /** A request in flight, or no server to send one to. */
  waiting: boolean;
  /** Why there is no server to send one to; null: there is. */
  offline: string | null;
  /** Sends a request, with what to do once it is answered. */
  act: (call: () => Promise<unknown>, after?: () => void) => void;
  onContinued: () => void;
  onError: (message: string | null) => void;
}

const WORKER_GONE = "Its worker stopped with the server: Resume goes on from where it paused, then Pause to step again";

export function PauseResume({ runId, status, step, workerGone, waiting, offline, act, onContinued, onError }: Props) {
  const why = offline ?? undefined;
  // Keyed apart: Resume drawn in Pause's own element kept the focus of a Pause pressed, lost
  // when its request disabled it, so useFocusStays never gave it to Resume.
  if (status === "running")
    return (
      <button key="pause" data-testid="pause-button" disabled={waiting} title={why} onClick={() => act(() => unwrap(client.POST("/api/runs/{run_id}/pause", runPath(runId))))}>
        Pause
      </button>
    );
  return (
    <>
      <button
        key="resume"
        className="primary"
        data-testid="resume-button"
        disabled={waiting}
        title={why}
        onClick={() => act(() => unwrap(client.POST("/api/runs/{run_id}/resume", runPath(runId))), workerGone ? onContinued : undefined)}
      >
        Resume
      </button>
      <StepButton runId={runId} step={step} offline={offline ?? (workerGone ? WORKER_GONE : null)} onError={onError} />
      {workerGone && (
        <p className="muted" data-testid="worker-gone">
          {WORKER_GONE}.
        </p>
      )}
    </>
  );
}
