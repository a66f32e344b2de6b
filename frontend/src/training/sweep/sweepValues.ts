// A sweep: several values of one training setting, one run each, all else equal (DIGITS' several
// learning rates). Which settings can be swept, how a typed list of values is read and checked
// against the setting's own bounds, and how each run is named and set.
import type { Catalog, NumberBounds, TrainingSettings } from "../../api/types";
import { numberProblem, paramBounds, rangeText } from "../../editor/numberBounds";
import { clockOf } from "../../editor/when";

export type SweepKey = "lr" | "batch_size" | "seed" | "weight_decay";

/** What the person asked for: off, or a setting and the values typed for it. */
export interface Sweep {
  on: boolean;
  key: SweepKey;
  text: string;
}

export const NO_SWEEP: Sweep = { on: false, key: "lr", text: "" };

const SWEEP_KEYS: SweepKey[] = ["lr", "batch_size", "seed", "weight_decay"];

/** A sweep kept in this browser (app/savedWork.ts) as it comes back; none when it does not read as one. */
export function savedSweep(saved: unknown): Sweep {
  const { on, key, text } = (typeof saved === "object" && saved !== null ? saved : {}) as Partial<Record<keyof Sweep, unknown>>;
  const known = SWEEP_KEYS.find((k) => k === key);
  return typeof on === "boolean" && known && typeof text === "string" ? { on, key: known, text } : NO_SWEEP;
}

/** The most values one sweep takes, whatever the server allows: more do not read apart in a chart. */
export const MOST_VALUES = 10;

export interface SweepField {
  key: SweepKey;
  label: string;
  bounds: NumberBounds;
  presets: string[];
}

/** The settings a sweep may vary for this optimizer, each with its bounds: weight decay only
 *  where the optimizer has it. */
export function sweepFields(catalog: Catalog, optimizer: string): SweepField[] {
  const setting = (key: "lr" | "batch_size" | "seed") => catalog.setting_bounds[key] ?? { integer: key !== "lr", min_exclusive: false, max_exclusive: false };
  const fields: SweepField[] = [
    { key: "lr", label: "Learning rate", bounds: setting("lr"), presets: ["1e-4, 1e-3, 1e-2", "1e-3, 3e-3, 1e-2, 3e-2"] },
    { key: "batch_size", label: "Batch size", bounds: setting("batch_size"), presets: ["16, 64, 256"] },
    { key: "seed", label: "Seed", bounds: setting("seed"), presets: ["0, 1, 2"] },
  ];
  const decay = catalog.optimizers.find((o) => o.name === optimizer)?.params.find((p) => p.name === "weight_decay");
  if (decay) fields.push({ key: "weight_decay", label: "Weight decay", bounds: paramBounds(decay), presets: ["0, 1e-4, 1e-2"] });
  return fields;
}

/** How many values a sweep may have here, and why not more. */
export function mostValues(maxActiveRuns: number): { most: number; why: string } {
  if (maxActiveRuns >= MOST_VALUES) return { most: MOST_VALUES, why: `at most ${MOST_VALUES} runs are compared at once` };
  return {
    most: maxActiveRuns,
    why: `this server lets you have ${maxActiveRuns} run${maxActiveRuns === 1 ? "" : "s"} queued, running or paused at once (TORCHCANVAS_MAX_ACTIVE_RUNS)`,
  };
}

/** The values read from the typed text ("1e-3, 3e-3 1e-2"), or what is wrong with it. */
export function readValues(text: string, field: SweepField, most: { most: number; why: string }): { values: number[]; problem: string | null } {
  const words = text.split(/[\s,;]+/).filter((word) => word !== "");
  if (words.length < 2) return { values: [], problem: `Enter two or more values, separated by commas, each ${rangeText(field.bounds)}.` };
  const values: number[] = [];
  for (const word of words) {
    const problem = Number.isFinite(Number(word)) ? numberProblem(word, field.bounds) : `${word} is not a number; use ${rangeText(field.bounds)}.`;
    if (problem) return { values: [], problem };
    const value = Number(word);
    if (values.includes(value)) return { values: [], problem: `${word} is listed twice; each value trains one run, so give each once.` };
    values.push(value);
  }
  if (values.length > most.most) return { values: [], problem: `${values.length} values are too many: ${most.why}. Give at most ${most.most}.` };
  return { values, problem: null };
}

/** A value as a run's name shows it: small rates in powers of ten (3e-3), the rest as typed. */
export function valueText(value: number): string {
  return value !== 0 && Math.abs(value) < 0.1 ? value.toExponential() : String(value);
}

/** "digits-cnn lr=3e-3": the design's name and the value, so the runs read apart. */
export function sweepRunName(designName: string, key: SweepKey, value: number): string {
  return `${designName} ${key}=${valueText(value)}`;
}

/** The run's settings: the person's own, with the swept one set to `value`. */
export function sweptSettings(settings: TrainingSettings, key: SweepKey, value: number): TrainingSettings {
  if (key === "weight_decay") return { ...settings, optimizer_params: { ...settings.optimizer_params, weight_decay: value } };
  return { ...settings, [key]: value };
}

/** The label the sweep's runs share, read by a person in the runs filter: the design, the setting,
 * and the day and second it started, which make it this sweep's (a random tag there read as noise). */
export function sweepGroup(designName: string, key: SweepKey, at: Date): string {
  const day = at.toLocaleDateString("en-GB", { day: "numeric", month: "short" });
  return `${designName} ${key} sweep ${day} ${clockOf(at)}`;
}

/** What Train starts for this sweep: its setting and values, or a problem; null when it is off. */
export function sweepPlan(catalog: Catalog, optimizer: string, sweep: Sweep): { key: SweepKey; values: number[]; problem: string | null } | null {
  if (!sweep.on) return null;
  const field = sweepFields(catalog, optimizer).find((f) => f.key === sweep.key);
  if (!field) return { key: sweep.key, values: [], problem: `${optimizer} has no ${sweep.key}: pick another setting to try.` };
  return { key: sweep.key, ...readValues(sweep.text, field, mostValues(catalog.max_active_runs)) };
}
