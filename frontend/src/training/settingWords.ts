// A training setting's path as the server names it ("training.dataset", "training.optimizer_params.
// momentum") in the settings' own words ("Dataset", "Optimizer: momentum"): a refused Train said
// "training.dataset: `cifar10` is not on this server yet", a path the person never typed.
import type { DesignError } from "../api/types";

/** The settings' labels (SettingsPanel and its fields), by the key under `training.`. */
const LABELS: Record<string, string> = {
  dataset: "Dataset",
  dataset_options: "Dataset options",
  loss: "Loss",
  loss_params: "Loss",
  optimizer: "Optimizer",
  optimizer_params: "Optimizer",
  lr: "Learning rate",
  epochs: "Epochs",
  batch_size: "Batch size",
  seed: "Seed",
  scheduler: "Schedule",
  scheduler_params: "Schedule",
  device: "Device",
  precision: "Precision",
  test_fraction: "Test set share",
  init_from: "Start from",
  frozen: "Frozen layers",
  augmentations: "Augmentation",
  range_test: "Learning rate finder",
};

const ROOT = "training.";
/** The design's own fields the editor names, from the run body's root. */
const DESIGN: Record<string, string> = { "design.name": "Design name", "design.input_shape": "Input shape" };

/** "training.x.y" (or a design field above) in words, or null for another path. */
export function settingWords(path: string): string | null {
  if (DESIGN[path]) return DESIGN[path];
  if (!path.startsWith(ROOT)) return null;
  const [key = "", ...rest] = path.slice(ROOT.length).split(".");
  const label = LABELS[key] ?? key.replaceAll("_", " ");
  const inner = rest.filter((part) => !/^\d+$/.test(part)).join(" ").replaceAll("_", " ");
  const words = inner ? `${label}: ${inner}` : label;
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** What an error is about, in bold before it, and what it says: its layer (and param), or its
 *  setting in words. A message that begins with its own path ("training.epochs: 5000 is over…")
 *  has it said in words instead, or kept as it is where there are none. */
export function errorLine(e: DesignError): { lead: string | null; text: string } {
  if (e.node) return { lead: e.field ? `${e.node}.${e.field}` : e.node, text: e.message };
  const path = e.message.split(": ", 1)[0] ?? "";
  if (e.field && (path === e.field || path.endsWith(`.${e.field}`))) {
    const words = settingWords(path);
    return words ? { lead: words, text: e.message.slice(path.length + 2) } : { lead: null, text: e.message };
  }
  return { lead: e.field ? (settingWords(e.field) ?? e.field) : null, text: e.message };
}

/** The line as one string: "Dataset: `cifar10` is not on this server yet…". */
export function errorText(e: DesignError): string {
  const { lead, text } = errorLine(e);
  return lead ? `${lead}: ${text}` : text;
}
