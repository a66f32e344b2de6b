// Step, beside Resume while a run is paused: trains one batch (one optimizer step), and the run stays
// paused; its point, step count and gradients show as its events come. As TensorFlow Playground's.
import { useEffect, useState } from "react";
import { client, runPath, unwrap } from "../api/client";
import { failureText } from "./requestFailure";
import { formatCount } from "../editor/format";

interface Props {
  runId: string;
  /** The last step trained, as the page shows it: said once a press has trained one. */
  step: number;
  /** Why no step can be asked now (the server is out of reach, or the run's worker is gone); null: it can. */
  offline: string | null;
  /** The server's answer when it refused a step (409: more than it queues wait, or it ended). */
  onError: (message: string | null) => void;
}

export function StepButton({ runId, step, offline, onError }: Props) {
  const [pressedAt, setPressedAt] = useState<number | null>(null); // the step shown at the last press
  const [refusedAt, setRefusedAt] = useState<number | null>(null); // the step shown when one was refused
  // A refusal for steps that already waited is old news once they have trained: it goes.
  useEffect(() => {
    if (refusedAt !== null && step > refusedAt) {
      setRefusedAt(null);
      onError(null);
    }
  }, [step, refusedAt, onError]);
  // Never disabled while a step is on its way: each press is one more step, which the server queues
  // in order; a disabled button would also drop the keyboard's focus between two presses.
  const press = () => {
    setPressedAt(step);
    onError(null);
    unwrap(client.POST("/api/runs/{run_id}/step", runPath(runId))).catch((e: unknown) => {
      setRefusedAt(step);
      onError(failureText(e));
    });
  };
  return (
    <>
      <button data-testid="step-button" disabled={offline !== null} title={offline ?? "Train one batch (one optimizer step), then stay paused"} onClick={press}>
        Step
      </button>
      {/* The step count changes on the screen; a screen reader hears it here. */}
      <span className="visually-hidden" role="status" data-testid="step-said">
        {pressedAt !== null && step > pressedAt ? `Step ${formatCount(step)} trained; still paused.` : ""}
      </span>
    </>
  );
}
