// What the compared runs were trained with, where they differ: the one setting that explains two
// curves (batch size 8 against 64) is otherwise hidden among a dozen that do not. And what one run
// was trained with, for its own page.
import type { Layer, RunInfo } from "../../api/types";
import { rateText } from "../continueRate";
import { testShareText } from "../testResult";

export interface SettingDiff {
  /** The setting's name as the editor says it. */
  setting: string;
  /** Each run's value, in the runs' order. */
  values: string[];
}

/** `{"p": 0.5}` → "p=0.5"; nothing set → "". */
function params(values: Record<string, unknown> | null | undefined): string {
  return Object.entries(values ?? {})
    .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
    .join(", ");
}

const withParams = (name: string, values: Record<string, unknown> | null | undefined) => {
  const set = params(values);
  return set ? `${name} (${set})` : name;
};

/** Each layer type's params' defaults, by name (the catalogue's). */
export type LayerDefaults = ReadonlyMap<string, Record<string, unknown>>;

/** A layer as the comparison says it: its params, but those set to their defaults, which read as
 * differences beside a run that left them unset (bias=true in one column, nothing in the next). */
const layerText = (defaults: LayerDefaults) => (l: Layer) => {
  const own = defaults.get(l.type) ?? {};
  const set = Object.entries(l.params ?? {}).filter(([name, value]) => JSON.stringify(value) !== JSON.stringify(own[name]));
  return withParams(l.type, Object.fromEntries(set));
};
const unset = (value: unknown) => value === null || value === undefined || value === "";
const orNone = (value: unknown) => (unset(value) ? "none" : String(value));
/** A dataset option left unset takes the dataset's own default. */
const orDefault = (value: unknown) => (unset(value) ? "default" : String(value));

/** The epochs set, and where a run ended before them (stopped, stopped early, failed) how many
 * it trained: "1000" beside another run's "15" read as the longer run, at 74 done. */
function epochsText(run: RunInfo): string {
  const done = run.metrics?.epoch;
  const ended = run.status === "succeeded" || run.status === "cancelled" || run.status === "failed";
  return ended && done !== undefined && done < run.training.epochs ? `${run.training.epochs} (ended after ${done})` : String(run.training.epochs);
}

/** A range test's rates, from its first step's to its last's: its `lr` and epochs are the
 * editor's, which it never trained with (a review read "lr 0.001 · 4 epochs" on one). */
export function rangeText(run: RunInfo): string | null {
  const test = run.training.range_test;
  return test ? `${test.start_lr} → ${test.end_lr} over ${test.steps} steps (a range test)` : null;
}

/** Whether early stopping ends the run with its best epoch's weights; "—" without early stopping. */
function keptText(run: RunInfo): string {
  if (run.training.early_stopping_patience == null) return "—";
  return run.training.restore_best_weights === false ? "no" : "yes";
}

/** The settings compared, in the editor's order, each read off a run as text. */
const settings = (defaults: LayerDefaults): [string, (run: RunInfo) => string][] => [
  ["Design", (run) => run.design.name],
  ["Layers", (run) => run.design.layers.map(layerText(defaults)).join(" → ")],
  ["Input shape", (run) => run.design.input_shape.join("×")],
  ["Dataset", (run) => run.dataset_title ?? run.training.dataset],
  ["Noise %", (run) => orDefault(run.training.dataset_options?.noise)],
  ["Training share %", (run) => orDefault(run.training.dataset_options?.train_share)],
  ["Features", (run) => orDefault(run.training.dataset_options?.features?.join(", "))],
  ["Augmentations", (run) => orNone(Object.entries(run.training.augmentations ?? {}).map(([name, p]) => withParams(name, p)).join(", "))],
  ["Loss", (run) => withParams(run.training.loss, run.training.loss_params)],
  ["Optimizer", (run) => withParams(run.training.optimizer, run.training.optimizer_params)],
  ["Learning rate", (run) => rangeText(run) ?? rateText(run)],
  ["Schedule", (run) => (run.training.scheduler ? withParams(run.training.scheduler, run.training.scheduler_params) : "none")],
  ["Batch size", (run) => String(run.training.batch_size)],
  ["Epochs", (run) => (run.training.range_test ? "—" : epochsText(run))],
  ["Seed", (run) => String(run.training.seed)],
  ["Clip gradient norm", (run) => orNone(run.training.clip_grad_norm)],
  ["Early stopping patience", (run) => orNone(run.training.early_stopping_patience)],
  ["Keep the best epoch's weights", keptText],
  ["Test set", (run) => testShareText(run.training.test_fraction)],
  ["Precision", (run) => run.training.precision],
  ["Frozen layers", (run) => orNone(run.training.frozen?.join(", "))],
  ["Started from run", (run) => orNone(run.training.init_from)],
];

/** The settings that make the design, which a run's page draws rather than lists. */
const DESIGN_SETTINGS = new Set(["Design", "Layers", "Input shape"]);

/** The options only a 2-D set takes (TensorFlow Playground's): "default" beside a digits run's
 * dataset, which has none of them, read as if it did. */
const PLANE_SETTINGS = new Set(["Noise %", "Training share %", "Features"]);

/** Every training setting of one run, as the editor names it, with its value as text. `plane`:
 * whether its dataset is a 2-D set; for another, its options are left out unless the run set one. */
export function runSettings(run: RunInfo, plane = true): { setting: string; value: string }[] {
  const options = run.training.dataset_options;
  const planeOptions = plane || (options != null && Object.values(options).some((value) => !unset(value)));
  return settings(new Map())
    .filter(([setting]) => !DESIGN_SETTINGS.has(setting) && (planeOptions || !PLANE_SETTINGS.has(setting)))
    .map(([setting, read]) => ({ setting, value: read(run) }));
}

/** The settings whose values are not all the same across the runs; none for fewer than two runs.
 * `defaults`: each layer type's param defaults, left out of the layers compared. */
export function settingsDiff(runs: RunInfo[], defaults: LayerDefaults = new Map()): SettingDiff[] {
  if (runs.length < 2) return [];
  return settings(defaults).map(([setting, read]) => ({ setting, values: runs.map(read) })).filter(
    ({ values }) => new Set(values).size > 1,
  );
}
