// The training settings: dataset, loss, optimizer and the numbers, with sensible defaults.
import { useState } from "react";
import type { Catalog, ParamValue, TrainingSettings } from "../api/types";
import { takesAugmentation } from "./augmentations";
import { lrOnSwitch } from "./lrOnSwitch";
import { NO_SWEEP, type Sweep } from "./sweep/sweepValues";
import { stepsOnSwitch, suggestedSteps } from "./suggestedSteps";

function pick<T extends { name: string }>(items: T[], preferred: string): T | undefined {
  return items.find((it) => it.name === preferred) ?? items[0];
}

/** The defaults on `datasetName` (the digits unless named): its loss, epochs and batch size. */
export function defaultSettings(catalog: Catalog, datasetName = "digits"): TrainingSettings {
  const dataset = pick(catalog.datasets, datasetName);
  const losses = catalog.losses.filter((l) => !dataset || l.tasks.includes(dataset.task));
  const optimizer = pick(catalog.optimizers, "Adam");
  return {
    dataset: dataset?.name ?? "",
    loss: pick(losses.length ? losses : catalog.losses, "CrossEntropyLoss")?.name ?? "",
    optimizer: optimizer?.name ?? "",
    lr: optimizer?.default_lr ?? 0.001,
    ...suggestedSteps(dataset),
    seed: 0,
    device: "auto",
    precision: "fp32",
    channels_last: false,
    compile_model: false,
    cudnn_benchmark: false,
    restore_best_weights: true,
    test_fraction: 0,
  };
}

/** Loss options without class weights (one number per class of a set no longer picked). */
function withoutWeight(params: TrainingSettings["loss_params"]): TrainingSettings["loss_params"] {
  const { weight: _, ...rest } = params ?? {};
  return rest;
}

/** A loss the editor picked itself, and why, for the dataset it picked it for. */
interface LossNote {
  dataset: string;
  loss: string;
  text: string;
}

/** Epochs and batch size the editor set itself for a dataset, while they stay as set. */
interface StepsNote {
  dataset: string;
  epochs: number;
  batch_size: number;
  text: string;
}

/** The learning rate said on a switch of optimizer, while the optimizer and rate stay as said. */
interface LrNote {
  optimizer: string;
  lr: number;
  text: string;
}

/** Starts from `initial` (settings and sweep saved in this browser) when given, else from the defaults. */
export function useTrainingSettings(catalog: Catalog, initial: { settings: TrainingSettings; sweep: Sweep } | null = null) {
  const [settings, setSettings] = useState<TrainingSettings>(() => initial?.settings ?? defaultSettings(catalog));
  /** Several values of one setting to train at once, one run each (sweep/). */
  const [sweep, setSweep] = useState<Sweep>(initial?.sweep ?? NO_SWEEP);

  const update = (change: Partial<TrainingSettings>) => setSettings((s) => ({ ...s, ...change }));

  /** Why the loss changed without being picked, while the dataset and loss it was said for stay. */
  const [lossNote, setLossNote] = useState<LossNote | null>(null);
  const [stepsNote, setStepsNote] = useState<StepsNote | null>(null);
  const [lrNote, setLrNote] = useState<LrNote | null>(null);

  /** A new dataset of another task (regression or classification) puts the loss back to that task's
   * default, even a loss that fits both: MSELoss kept from Noisy sine trained the digits as a
   * regression on one-hot targets, which no learner picking a classifier expects. On the same task
   * the person's loss stays. It also drops the augmentations when the new set holds no images, and
   * takes the new set's epochs and batch size unless the person changed the old set's. Class weights
   * belong to the old set's classes and go. */
  const setDataset = (name: string) => {
    const dataset = catalog.datasets.find((d) => d.name === name);
    const was = catalog.datasets.find((d) => d.name === settings.dataset);
    const loss = catalog.losses.find((l) => l.name === settings.loss);
    const sameTask = was?.task === dataset?.task && (!loss || !dataset || loss.tasks.includes(dataset.task));
    const newLoss = !dataset || sameTask ? settings.loss : (catalog.losses.find((l) => l.tasks.includes(dataset.task))?.name ?? settings.loss);
    const images = !dataset || takesAugmentation(dataset);
    const { changed: stepsChanged, ...steps } = stepsOnSwitch(settings, was, dataset);
    update({
      dataset: name,
      ...steps,
      dataset_options: null, // a 2-D set starts from its own defaults
      ...(newLoss === settings.loss ? { loss_params: withoutWeight(settings.loss_params) } : { loss: newLoss, loss_params: {} }),
      ...(images ? {} : { augmentations: {} }),
    });
    const changed = dataset && newLoss !== settings.loss;
    setLossNote(changed ? { dataset: name, loss: newLoss, text: `Loss set to ${newLoss} for a ${dataset.task} dataset.` } : null);
    const stepsText = dataset && `Epochs set to ${steps.epochs} and batch size to ${steps.batch_size}, a starting point for ${dataset.title}: train on if its loss still falls.`;
    setStepsNote(stepsChanged && stepsText ? { dataset: name, ...steps, text: stepsText } : null);
  };

  /** A new optimizer brings its own usual learning rate, unless the person typed theirs. */
  const setOptimizer = (name: string) => {
    const find = (named: string) => catalog.optimizers.find((o) => o.name === named);
    const { lr, text } = lrOnSwitch(settings.lr, find(settings.optimizer), find(name));
    update({ optimizer: name, lr, optimizer_params: {} });
    setLrNote(text ? { optimizer: name, lr, text } : null);
  };

  /** Each loss and optimizer has its own options; a new one starts from its defaults. */
  const setLoss = (name: string) => {
    update({ loss: name, loss_params: {} });
    setLossNote(null);
  };

  const setOption = (group: "loss_params" | "optimizer_params", name: string, value: ParamValue | undefined) =>
    setSettings((s) => {
      const params: Record<string, unknown> = { ...s[group] };
      if (value === undefined) delete params[name];
      else params[name] = value;
      return { ...s, [group]: params };
    });

  /** Back to the defaults, as for a new design, but on the dataset chosen (its epochs and batch size)
   * and its loss: New design once switched an upload back to the digits, and the next template and
   * run went there. The values to try go too: a sweep left on, folded away, made the next Train
   * start several runs. */
  const reset = () => {
    setSettings((s) => ({ ...defaultSettings(catalog, s.dataset), dataset: s.dataset, dataset_options: s.dataset_options, loss: s.loss, loss_params: s.loss_params }));
    setSweep(NO_SWEEP);
  };

  // Said only while it is still true: a link's settings or a reload may have changed either since.
  const note = lossNote && lossNote.dataset === settings.dataset && lossNote.loss === settings.loss ? lossNote.text : null;
  const lrStill = lrNote && lrNote.optimizer === settings.optimizer && lrNote.lr === settings.lr;
  const stepsStill = stepsNote && stepsNote.dataset === settings.dataset && stepsNote.epochs === settings.epochs && stepsNote.batch_size === settings.batch_size;

  return { settings, update, setDataset, setOptimizer, setLoss, setOption, reset, sweep, setSweep, lossNote: note, lrNote: lrStill ? lrNote.text : null, stepsNote: stepsStill ? stepsNote.text : null };
}

export type SettingsEditor = ReturnType<typeof useTrainingSettings>;
