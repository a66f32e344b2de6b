// Train for a sweep: one POST /api/runs per value, in order, each checked by the server as any
// run is (quota, queue, settings). A refusal part-way stops it, and says what started.
import { postRun } from "../../api/requestKey";
import type { Design, TrainingSettings } from "../../api/types";
import { sweepGroup, sweepRunName, sweptSettings, valueText, type SweepKey } from "./sweepValues";

export interface SweepPlan {
  key: SweepKey;
  values: number[];
}

export interface SweepStarted {
  /** The label its runs share: the runs page compares them by it. */
  group: string;
  /** Why some values did not start, or null when every one did. */
  notice: string | null;
}

/** Starts one run per value; rejects with the first run's refusal when none started. */
export async function startSweep(design: Design, settings: TrainingSettings, plan: SweepPlan): Promise<SweepStarted> {
  const group = sweepGroup(design.name, plan.key, new Date());
  const started: number[] = [];
  for (const value of plan.values) {
    const name = sweepRunName(design.name, plan.key, value);
    try {
      await postRun({ design, training: sweptSettings(settings, plan.key, value), name, group });
    } catch (error: unknown) {
      if (started.length === 0) throw error;
      return { group, notice: partNotice(plan, started, value, error instanceof Error ? error.message : String(error)) };
    }
    started.push(value);
  }
  return { group, notice: null };
}

/** "2 of 3 runs started (lr=1e-3, 3e-3); lr=1e-2 was refused: …": what trains, and why the rest do not. */
export function partNotice(plan: SweepPlan, started: number[], refused: number, why: string): string {
  const values = (list: number[]) => list.map(valueText).join(", ");
  const rest = plan.values.slice(started.length + 1);
  const notTried = rest.length ? `, so ${plan.key}=${values(rest)} ${rest.length === 1 ? "was" : "were"} not sent` : "";
  const runs = plan.values.length === 1 ? "run" : "runs";
  return `${started.length} of ${plan.values.length} ${runs} started (${plan.key}=${values(started)}); ${plan.key}=${valueText(refused)} was refused${notTried}: ${why}`;
}
