// The learning rate a run goes on with (Continue, Train N more): what the page prefills, what it
// sends, and how the page tells a run's rate changes.
import type { NumberBounds, RateEvent, RunInfo } from "../api/types";

/** Until the catalogue's bounds come: the server checks the rest, and says so. */
export const ANY_RATE: NumberBounds = { integer: false, min: 0, min_exclusive: true, max: null, max_exclusive: false };

/** The rate the run trains with now, before any schedule: the last a Continue set, else its setting. */
export function currentRate(run: RunInfo): number {
  return (run.lr_changes ?? []).at(-1)?.lr ?? run.training.lr;
}

/** What a Continue sends as `learning_rate`: the typed rate where it differs from the run's
 * own, null where it is the same (the rate goes on as it was, a schedule too). */
export function newRate(text: string, rate: number): number | null {
  const typed = Number(text);
  return typed === rate ? null : typed;
}

/** A tenth of the rate, without float noise: 0.003 → 0.0003, not 0.00030000000000000003. */
export function tenthOf(rate: number): number {
  return Number((rate / 10).toPrecision(12));
}

/** What the field starts at: the run's rate, or a tenth of it where the run showed that rate was
 * too high (a loss that shot up prefilled the rate it shot up at, beside a verdict that said to
 * lower it: an audit). */
export function prefilledRate(rate: number | null, tooHigh: boolean): string {
  if (rate === null) return "";
  return String(tooHigh ? tenthOf(rate) : rate);
}

/** The hint beside the field: what a learner does with it, and what happens to a schedule. Said
 * of a run that learnt: "if the loss has flattened" sat beside verdicts of a run at chance whose
 * loss levelled off for want of units, or of ReLUs dead, where no rate helps (a review). */
export function rateHint(schedule: string | null, lowered: number | null = null): string {
  if (lowered !== null) return `A tenth of its ${lowered}, at which its loss shot up.`;
  const lower = "Lower it 10× to let a good run settle"; // no longer: its row fits 1280 px (test_dashboard)
  return schedule ? `${lower}; ${schedule} starts over from it.` : `${lower}; the optimizer keeps its momentum.`;
}

/** Each new rate (a Continue's, or one set as it trained), as the run's page says it. A
 * Continue's from the first epoch it trained, as the settings say it ("0.001, then 0.05 from
 * epoch 9"): "at epoch 9" beside the history's "(Continue at epoch 8)" read as two epochs. */
export function rateChanges(run: RunInfo): string[] {
  return (run.lr_changes ?? []).map((c) =>
    c.live ? `Learning rate set to ${c.lr} in epoch ${c.epoch}, after step ${c.step.toLocaleString("en")}` : `Continued from epoch ${c.epoch} with learning rate ${c.lr}`,
  );
}

/** The learning rate of a run as its settings list it: "0.01, then 0.001 from epoch 12". */
export function rateText(run: Pick<RunInfo, "training" | "lr_changes">): string {
  return [String(run.training.lr), ...(run.lr_changes ?? []).map((c) => `then ${c.lr} from epoch ${c.epoch}`)].join(", ");
}

/** The run's record with the rates set since it was read: each `rate` event of its stream that
 * the record does not yet keep (it keeps them too, after a reload), so its page's settings line
 * says "lr 0.001 → 0.0005" as the new rate takes over, not only after a reload. */
export function withRatesSet(run: RunInfo, rates: readonly RateEvent[]): RunInfo {
  const kept = run.lr_changes ?? [];
  const known = (set: RateEvent) => kept.some((c) => c.live && c.step === set.step && c.lr === set.lr);
  const added = rates.filter((set) => !known(set)).map((set) => ({ epoch: set.epoch, step: set.step, lr: set.lr, live: true }));
  if (added.length === 0) return run;
  // By the step each took over at; a Continue's and a set rate at the same step keep their order.
  const changes = [...kept, ...added].sort((a, b) => a.step - b.step);
  return { ...run, lr_changes: changes };
}
