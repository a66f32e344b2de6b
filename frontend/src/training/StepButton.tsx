// Step, beside Resume while a run is paused: trains one batch (one optimizer step), and the run stays
// paused; its point, step count and gradients show as its events come. As TensorFlow Playground's.
import { client, runPath, unwrap } from "../api/client";

interface Props {
  runId: string;
  /** Why no step can be asked now (the server is out of reach); null: it can. */
  offline: string | null;
  /** The server's answer when it refused a step (409: more than it queues wait, or it ended). */
  onError: (message: string | null) => void;
}

export function StepButton({ runId, offline, onError }: Props) {
  // Never disabled while a step is on its way: each press is one more step, which the server queues
  // in order; a disabled button would also drop the keyboard's focus between two presses.
  const step = () => {
    onError(null);
    unwrap(client.POST("/api/runs/{run_id}/step", runPath(runId))).catch((e: unknown) => onError(e instanceof Error ? e.message : String(e)));
  };
  return (
    <button data-testid="step-button" disabled={offline !== null} title={offline ?? "Train one batch (one optimizer step), then stay paused"} onClick={step}>
      Step
    </button>
  );
}
