// What a range test's result depends on: the design and the training settings, less those it
// does not read (the rate it sweeps, the epochs it never reaches, the schedule it replaces) and
// those that do not change its curve (the design's name, the seed, where it runs).
import type { Design, TrainingSettings } from "../../api/types";

const NOT_READ = ["lr", "epochs", "scheduler", "scheduler_params", "early_stopping_patience", "restore_best_weights", "seed", "device", "compile_model", "cudnn_benchmark"];

/** The same text for settings whose keys are in another order. */
function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${JSON.stringify(k)}:${sortedJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** A key that changes when a change would change the range test's curve, and only then. */
export function testedSettings(design: Design, settings: TrainingSettings): string {
  const read = Object.fromEntries(Object.entries(settings).filter(([name]) => !NOT_READ.includes(name)));
  return sortedJson({ design: { ...design, name: undefined }, settings: read });
}
