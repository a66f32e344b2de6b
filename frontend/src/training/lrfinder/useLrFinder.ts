// Starts a learning-rate range test (a run of its own, trained by a worker) and follows its events.
import { useState } from "react";
import { ApiError, client, runPath, unwrap } from "../../api/client";
import { postRun } from "../../api/requestKey";
import type { Design, TrainingSettings } from "../../api/types";
import { runStatus } from "../events";
import { useRunEvents } from "../useRunEvents";
import { testedSettings } from "./testedSettings";

/** fastai's range: wide enough for any optimizer's good rate, and the loss blows up well before 10. */
const RANGE = { start_lr: 1e-7, end_lr: 10, steps: 100 };

function errorText(error: unknown): string {
  if (error instanceof ApiError && error.errors.length) return error.errors.map((e) => e.message).join(" ");
  return error instanceof Error ? error.message : String(error);
}

export function useLrFinder(design: Design, settings: TrainingSettings) {
  const [runId, setRunId] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [testedFor, setTestedFor] = useState<string | null>(null);
  const [stopping, setStopping] = useState(false);
  const { tally, version } = useRunEvents(runId);

  /** The same design and settings, as a range test: 1e-7 to 10 in at most 100 steps. */
  const find = () => {
    setStarting(true);
    setStopping(false);
    setError(null);
    setTestedFor(testedSettings(design, settings));
    postRun({ design, training: { ...settings, range_test: RANGE } })
      .then(({ id }) => setRunId(id))
      .catch((e: unknown) => setError(errorText(e)))
      .finally(() => setStarting(false));
  };

  /** Ends the test where it is: its worker still sends the curve so far, and a suggestion when
   * the loss has turned up in it (training/lr_range.py). */
  const stop = () => {
    if (!runId) return;
    setStopping(true);
    unwrap(client.POST("/api/runs/{run_id}/cancel", runPath(runId))).catch((e: unknown) => (setStopping(false), setError(errorText(e))));
  };

  const status = runId === null ? null : runStatus(tally);
  const running = starting || status === "queued" || status === "running" || status === "paused";
  // A change the curve depends on since the test started: its suggestion is for other settings.
  const stale = testedFor !== null && testedFor !== testedSettings(design, settings);
  return { runId, running, stopping, error, status, tally, version, find, stop, stale };
}
