// The earlier run a run's page lays under its own curves: the one it was made from (Run.based_on),
// or another of the owner's runs they picked, or none. Its curves come as the compare page's do.
// The runs to pick from come in two lists: those of this run's dataset and loss, whose curves read
// against its own, then the others.
import { useCallback, useEffect, useMemo, useState } from "react";
import { client, runPath, unwrap } from "../../api/client";
import type { RunInfo } from "../../api/types";
import { runName } from "../runs/runList";
import { unlikeOf, type Unlike } from "../runs/unlikeRuns";
import { useRunCurves } from "../runs/useRunCurves";
import { keepChoice, readChoice, type PreviousChoice } from "./previousChoice";
import type { PreviousRun } from "./previousOverlay";

export interface PreviousCompare {
  choice: PreviousChoice;
  choose: (choice: PreviousChoice) => void;
  /** The owner's other runs, newest first, to pick from: those of this run's dataset and loss
   * (all of them while this run loads), and those of another. */
  alike: RunInfo[];
  other: RunInfo[];
  /** What is drawn: null while none is chosen, shown, or loaded. */
  previous: PreviousRun | null;
  /** Why the chosen run cannot be shown (deleted), or null. */
  problem: string | null;
  /** Whether the runs have a validation accuracy, to compare where their losses do not compare. */
  classification: boolean;
}

const ALIKE: Unlike = { losses: [], datasets: [] };

/** `run`: this run's record (null while it loads), for the run it was made from. */
export function usePreviousRun(runId: string, run: RunInfo | null): PreviousCompare {
  const [stored, setStored] = useState<PreviousChoice | null>(() => readChoice(runId));
  useEffect(() => setStored(readChoice(runId)), [runId]);
  const choice = stored ?? { id: run?.based_on ?? null, shown: true };
  const choose = (next: PreviousChoice) => (keepChoice(runId, next), setStored(next));

  const [others, setOthers] = useState<RunInfo[]>([]);
  useEffect(() => {
    unwrap(client.GET("/api/runs", { params: { query: { limit: 100 } } })).then(
      (all) => setOthers((all as RunInfo[]).filter((r) => r.id !== runId)),
      () => setOthers([]),
    );
  }, [runId]);

  const [chosen, setChosen] = useState<RunInfo | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const wanted = choice.shown ? choice.id : null;
  useEffect(() => {
    setChosen(null);
    setProblem(null);
    if (!wanted) return;
    // Only the caller's own runs answer: another's is 404, as for anyone reading it.
    unwrap(client.GET("/api/runs/{run_id}", runPath(wanted))).then(
      (loaded) => setChosen(loaded as RunInfo),
      (e: unknown) => setProblem(`The run to compare with (${wanted}) cannot be shown: ${e instanceof Error ? e.message : String(e)}`),
    );
  }, [wanted]);

  const onProblem = useCallback((why: string) => setProblem(why), []);
  const asked = useMemo(() => (chosen ? [chosen] : []), [chosen]);
  const curves = useRunCurves(asked, onProblem);
  const drawn = chosen && curves[chosen.id];
  const unlike = run && chosen ? unlikeOf([run, chosen]) : ALIKE;
  const previous = chosen && drawn ? { label: `previous: ${runName(chosen)}`, curves: drawn, final: chosen.metrics.epoch > 0 ? chosen.metrics : null, unlike } : null;
  const listed = chosen && !others.some((r) => r.id === chosen.id) ? [chosen, ...others] : others;
  const isAlike = (other: RunInfo) => !run || (other.training.dataset === run.training.dataset && other.training.loss === run.training.loss);
  const classification = [run, chosen].some((r) => r?.metrics.val_accuracy != null) || (drawn?.valAccuracy.some((v) => v != null) ?? false);
  return { choice, choose, alike: listed.filter(isAlike), other: listed.filter((r) => !isAlike(r)), previous, problem, classification };
}
