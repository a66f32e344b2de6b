// Stop, from a run's dashboard: whether a stop is under way, and why it failed if it did.
import { useState } from "react";
import { client, runPath, unwrap } from "../api/client";
import { UNREACHABLE, failureText, useBackInTouch } from "./requestFailure";

/** `lostAt`: when the page lost touch with the server; a stop that could not reach it is forgotten once back. */
export function useStopRun(runId: string, lostAt: number | null = null) {
  const [stopping, setStopping] = useState(false);
  const [stopError, setStopError] = useState<string | null>(null);
  useBackInTouch(lostAt, () => setStopError((shown) => (shown === UNREACHABLE ? null : shown)));
  const stop = () => {
    setStopping(true);
    setStopError(null);
    unwrap(client.POST("/api/runs/{run_id}/cancel", runPath(runId))).catch((error: unknown) => {
      // 409: it ended on its own meanwhile; the end event will say how.
      if (!(error instanceof Error && "status" in error && error.status === 409)) setStopError(failureText(error));
      setStopping(false);
    });
  };
  /** The run went on (Continue): a stop asked before it is over. */
  const stopped = () => setStopping(false);
  return { stopping, stopError, stop, stopped };
}
