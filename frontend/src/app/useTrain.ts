// Train: one run (its page takes over) or a sweep's runs (their comparison takes over), and
// why the server refused, until the design or the settings change.
import { useEffect, useRef, useState } from "react";
import { ApiError } from "../api/client";
import { newRequestKey, postRun } from "../api/requestKey";
import type { Catalog, Design, DesignError, TrainingSettings } from "../api/types";
import { openEarly } from "../training/runStream";
import { startSweep, type SweepStarted } from "../training/sweep/startSweep";
import { sweepPlan, type Sweep } from "../training/sweep/sweepValues";
import { linkActiveChallenge } from "../training/challenges/challengeStore";

interface Args {
  catalog: Catalog;
  design: Design;
  settings: TrainingSettings;
  sweep: Sweep;
  /** The run the new one is compared with, and its setter: a new run becomes the next one's. */
  basedOn: string | null;
  setBasedOn: (runId: string | null) => void;
  /** The server asked for a login: the form shows. */
  onUnauthorized: () => void;
  onRunStarted: (runId: string) => void;
  onSweepStarted: (sweep: SweepStarted) => void;
}

/** Said where Train's request reached no server, or its reply never came back. */
export const TRAIN_UNREACHED = "Could not reach the server: press Train again once the connection is back (a run it started already is not started twice).";

export function useTrain({ catalog, design, settings, sweep, basedOn, setBasedOn, onUnauthorized, onRunStarted, onSweepStarted }: Args) {
  const [starting, setStarting] = useState(false);
  const [runErrors, setRunErrors] = useState<DesignError[]>([]);
  // The last Train that started no run here, and its key: pressed again for the same run, the same
  // key, so that a run its lost reply had started is answered, not started again.
  const unanswered = useRef<{ body: string; key: string } | null>(null);
  // A refusal is about the design and settings it was given: any change may have fixed it.
  useEffect(() => setRunErrors([]), [design, settings]);

  const train = () => {
    setStarting(true);
    setRunErrors([]);
    // Several values to try: one run each, then their comparison (Train waits while they do not fit).
    const plan = sweepPlan(catalog, settings.optimizer, sweep);
    const started = plan ? startSweep(design, settings, plan).then(onSweepStarted) : startRun();
    started
      .catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 401) onUnauthorized(); // shows the login form
        if (error instanceof ApiError && error.errors.length) setRunErrors(error.errors);
        else if (!(error instanceof ApiError) && !plan) setRunErrors([{ node: null, field: null, message: TRAIN_UNREACHED }]);
        else setRunErrors([{ node: null, field: null, message: error instanceof Error ? error.message : String(error) }]);
      })
      .finally(() => setStarting(false));
  };
  const startRun = () => {
    const body = { design, training: settings, based_on: basedOn };
    const text = JSON.stringify(body);
    const key = unanswered.current?.body === text ? unanswered.current.key : newRequestKey();
    unanswered.current = { body: text, key };
    // Kept after a refusal too: the server frees the key of a request that made nothing, and a
    // proxy's 502, or a 409 while the first request makes its run, may follow a run made.
    return postRun(body, key).then(({ id }) => {
      unanswered.current = null; // answered: the next press is a new run
      openEarly(id); // its events start before its page renders
      setBasedOn(id); // the next Train here is compared with it
      linkActiveChallenge(id);
      onRunStarted(id);
    });
  };
  return { starting, runErrors, train };
}
