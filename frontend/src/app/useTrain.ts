// Train: one run (its page takes over) or a sweep's runs (their comparison takes over), and
// why the server refused, until the design or the settings change.
import { useEffect, useState } from "react";
import { ApiError, client, unwrap } from "../api/client";
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

export function useTrain({ catalog, design, settings, sweep, basedOn, setBasedOn, onUnauthorized, onRunStarted, onSweepStarted }: Args) {
  const [starting, setStarting] = useState(false);
  const [runErrors, setRunErrors] = useState<DesignError[]>([]);
  // A refusal is about the design and settings it was given: any change may have fixed it.
  useEffect(() => setRunErrors([]), [design, settings]);

  const train = () => {
    setStarting(true);
    setRunErrors([]);
    // Several values to try: one run each, then their comparison (Train waits while they do not fit).
    const plan = sweepPlan(catalog, settings.optimizer, sweep);
    const started = plan
      ? startSweep(design, settings, plan).then(onSweepStarted)
      : unwrap(client.POST("/api/runs", { body: { design, training: settings, based_on: basedOn } }))
          // its events start before its page renders; the next Train here is compared with it
          .then(({ id }) => (openEarly(id), setBasedOn(id), linkActiveChallenge(id), onRunStarted(id)));
    started
      .catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 401) onUnauthorized(); // shows the login form
        if (error instanceof ApiError && error.errors.length) setRunErrors(error.errors);
        else setRunErrors([{ node: null, field: null, message: error instanceof Error ? error.message : String(error) }]);
      })
      .finally(() => setStarting(false));
  };
  return { starting, runErrors, train };
}
