// The messages of a run's event stream, and the running tally the dashboard draws from.
import type {
  BoundaryEvent, DownloadingEvent, EndEvent, InsightEvent, LrRangeEvent, ProgressEvent, RateEvent, RunEvent, RunStatus, StartedEvent, WarningEvent,
} from "../api/types";
import { withCause } from "./warningCause";
import { addFrame, dropStepsAfter, emptyStepLosses, type StepLosses } from "./stepLosses";
import { addWeightsLook, dropWeightLooksAfter, emptyWeightHistory, type WeightHistory } from "./weights/weightHistory";
import { endMark, startMark, type HistoryMark } from "./runHistory";

export type { RunEvent };

/** Everything seen so far. Arrays grow in place; `version` says when they did. */
export interface RunTally {
  lastSeq: number;
  /** The dataset being fetched before the run starts, until it has. */
  downloading: DownloadingEvent | null;
  started: StartedEvent | null;
  progress: ProgressEvent | null;
  end: EndEvent | null;
  /** How many ends measured the test set: one for each part of a run that Continue went on. */
  testsSeen: number;
  /** A start since the last end: the next end is that part's own (a Continue stopped while
   * queued ends with no start, repeating the numbers of the end before). */
  partOpen: boolean;
  /** Every step's loss: what the loss chart draws. */
  stepLosses: StepLosses;
  /** The rest is one entry per progress frame: its step, its mean loss. */
  steps: number[];
  losses: (number | null)[];
  gradLayers: string[];
  /** One array per layer in gradLayers, aligned with steps; null where a frame had no value a log
   * axis can draw (none, not finite, or 0). */
  gradNorms: (number | null)[][];
  /** Aligned with gradNorms: where a layer's norm was exactly 0 (its gradients died), which gradNorms leaves null. */
  gradZeros: boolean[][];
  epochs: number[];
  trainLoss: (number | null)[];
  valLoss: (number | null)[];
  valAccuracy: (number | null)[];
  /** A classifier's accuracy on each epoch's training batches, as trained (null before it was kept). */
  trainAccuracy: (number | null)[];
  /** The learning rate of each progress frame, aligned with steps. */
  lrs: (number | null)[];
  /** Between a `paused` event and its `resumed` (or the end). */
  paused: boolean;
  /** The step of that `paused` event, while paused. */
  pausedAt: number | null;
  /** Each new learning rate its owner set as it trained or paused, in order (liveRate.ts). */
  rates: RateEvent[];
  /** How many of `rates` came before the run's last start (or Continue): the rest are its part's. */
  ratesBefore: number;
  /** The latest look inside the network, and every update-to-weight ratio seen, per layer. */
  insight: InsightEvent | null;
  /** A small MLP's weights, one look an epoch, for the drawing's epoch slider (bounded). */
  weightLooks: WeightHistory;
  ratioSteps: number[];
  /** Per layer, aligned with ratioSteps; null where a look had no ratio a log axis can draw. */
  ratios: Record<string, (number | null)[]>;
  /** Aligned with ratios: where a layer's ratio was exactly 0 (its weights did not move), which ratios leaves null. */
  ratioZeros: Record<string, boolean[]>;
  warnings: WarningEvent[];
  /**
   * Every map of a 2-D run's decision boundary in the log, oldest first (the server makes at most
   * about 200 a training session), and the points and class names the run's first map carried.
   * Kept as they came: a map is decoded only when shown.
   */
  boundaries: BoundaryEvent[];
  boundaryPoints: number[][];
  /** Empty for a log from before maps carried them. */
  boundaryClasses: string[];
  /** A learning-rate range test's curve and suggestion, once it has ended. */
  lrRange: LrRangeEvent | null;
  /** Each start and end, in order: the run's history in a line (runHistory.ts). */
  history: HistoryMark[];
}

export function emptyTally(): RunTally {
  return {
    lastSeq: 0, downloading: null, started: null, progress: null, end: null, testsSeen: 0, partOpen: false, stepLosses: emptyStepLosses(), steps: [], losses: [],
    gradLayers: [], gradNorms: [], gradZeros: [], epochs: [], trainLoss: [], valLoss: [], valAccuracy: [], trainAccuracy: [], lrs: [], paused: false, pausedAt: null, rates: [], ratesBefore: 0,
    insight: null, weightLooks: emptyWeightHistory(), ratioSteps: [], ratios: {}, ratioZeros: {}, warnings: [], boundaries: [], boundaryPoints: [], boundaryClasses: [], lrRange: null, history: [],
  };
}

function addGradLayer(tally: RunTally, layer: string): void {
  tally.gradLayers.push(layer);
  tally.gradNorms.push(tally.steps.map(() => null));
  tally.gradZeros.push(tally.steps.map(() => false));
}

function dropBoundariesFrom(tally: RunTally, epoch: number): void {
  const kept = tally.boundaries.findIndex((map) => map.epoch >= epoch);
  if (kept >= 0) tally.boundaries.splice(kept);
}

/** The frames, looks and epochs past a continued run's checkpoint, which it trains again: after a
 * crash its log went on past the checkpoint it resumes from, and the charts drew those steps twice. */
function dropTrainedAgain(tally: RunTally, step: number, epoch: number): void {
  dropStepsAfter(tally.stepLosses, step);
  const frames = countUpTo(tally.steps, step);
  for (const series of [tally.steps, tally.losses, tally.lrs, ...tally.gradNorms, ...tally.gradZeros]) series.splice(frames);
  dropWeightLooksAfter(tally.weightLooks, step);
  const looks = countUpTo(tally.ratioSteps, step);
  tally.ratioSteps.splice(looks);
  for (const series of [...Object.values(tally.ratios), ...Object.values(tally.ratioZeros)]) series.splice(looks);
  const epochs = countUpTo(tally.epochs, epoch - 1);
  for (const series of [tally.epochs, tally.trainLoss, tally.valLoss, tally.valAccuracy, tally.trainAccuracy]) series.splice(epochs);
}

/** How many of the leading, ascending `values` are at most `limit`. */
function countUpTo(values: number[], limit: number): number {
  let count = values.length;
  while (count > 0 && values[count - 1]! > limit) count -= 1;
  return count;
}

/** Folds one event into the tally; replays and duplicates (seq already seen) are ignored. An event
 * that does not fit its type (valid JSON, yet a field it needs is missing) is skipped as a damaged
 * one, keeping its seq: the events after it still apply, and a replay goes on after it. */
export function applyEvent(tally: RunTally, event: RunEvent): void {
  if (event.seq <= tally.lastSeq) return;
  tally.lastSeq = event.seq;
  try {
    fold(tally, event);
  } catch {
    // Damaged in the log: what it would have added is missing from the charts, nothing more.
  }
}

/** Each case reads the fields that could be missing before it changes the tally. */
function fold(tally: RunTally, event: RunEvent): void {
  switch (event.type) {
    case "downloading":
      tally.downloading = event;
      break;
    case "started": {
      const layers = [...event.layers];
      tally.downloading = null;
      // A continued run starts again in the same log: it is live once more, on the same charts.
      tally.history.push(startMark(event));
      tally.started = event;
      tally.partOpen = true;
      tally.end = null;
      tally.paused = false;
      tally.pausedAt = null;
      tally.ratesBefore = tally.rates.length;
      // It goes on from its checkpoint: maps after it belong to the epochs trained again now.
      dropBoundariesFrom(tally, event.first_epoch ?? 1);
      dropTrainedAgain(tally, event.first_step ?? 0, event.first_epoch ?? 1);
      for (const layer of layers) if (!tally.gradLayers.includes(layer)) addGradLayer(tally, layer);
      break;
    }
    case "progress": {
      const named = Object.keys(event.grad_norms);
      tally.progress = event;
      for (const layer of named) if (!tally.gradLayers.includes(layer)) addGradLayer(tally, layer);
      addFrame(tally.stepLosses, event, tally.started?.steps_per_epoch ?? 0);
      tally.steps.push(event.step);
      tally.losses.push(event.loss);
      tally.lrs.push(event.lr ?? null);
      tally.gradLayers.forEach((layer, i) => {
        const norm = event.grad_norms[layer];
        // A log axis cannot show zero or missing norms.
        tally.gradNorms[i]!.push(norm !== undefined && norm !== null && norm > 0 && Number.isFinite(norm) ? norm : null);
        tally.gradZeros[i]!.push(norm === 0);
      });
      break;
    }
    case "epoch":
      tally.epochs.push(event.epoch);
      tally.trainLoss.push(event.train_loss);
      tally.valLoss.push(event.val_loss);
      tally.valAccuracy.push(event.val_accuracy);
      tally.trainAccuracy.push(event.train_accuracy ?? null);
      break;
    case "paused":
    case "resumed":
      tally.paused = event.type === "paused";
      tally.pausedAt = event.type === "paused" ? event.step : null;
      break;
    case "rate":
      tally.rates.push(event);
      break;
    case "insight": {
      const layers = Object.entries(event.layers);
      tally.insight = event;
      addWeightsLook(tally.weightLooks, event);
      tally.ratioSteps.push(event.step);
      for (const [layer, seen] of layers) {
        const ratios = (tally.ratios[layer] ??= tally.ratioSteps.slice(1).map(() => null));
        const zeros = (tally.ratioZeros[layer] ??= tally.ratioSteps.slice(1).map(() => false));
        const ratio = seen.update_ratio;
        ratios.push(ratio != null && ratio > 0 && Number.isFinite(ratio) ? ratio : null);
        zeros.push(ratio === 0);
      }
      break;
    }
    case "warning": {
      // Each kind once a layer, as last said: a continued run's new part says again what is still
      // so, with advice that fits it (ReLUs found dead as it began died of an earlier rate).
      const said = tally.warnings.findIndex((w) => w.kind === event.kind && w.layer === event.layer);
      if (said >= 0) tally.warnings.splice(said, 1);
      tally.warnings.push(withCause(event));
      break;
    }
    case "boundary":
      tally.boundaries.push(event);
      if (event.points) tally.boundaryPoints = event.points;
      if (event.class_names) tally.boundaryClasses = event.class_names;
      break;
    case "lr_range":
      tally.lrRange = event;
      break;
    case "weights":
      addWeightsLook(tally.weightLooks, event); // a small MLP's at an epoch's end: the slider's epochs
      break;
    case "end": {
      const { step, test } = event.metrics;
      tally.history.push(endMark(event));
      tally.end = event;
      // A rate this part said while paused, and stopped before the next step, never trained: not
      // one of its rates (its record drops it too, runs/recorder.py; the end names it as never
      // set). Where it ended paused, that is past its pause (a dead worker's end carries the last
      // epoch end's numbers); an earlier part's rates trained, and stand.
      if (event.rate_not_set != null) {
        const cut = tally.paused && tally.pausedAt !== null ? tally.pausedAt : step;
        tally.rates = tally.rates.filter((set, i) => i < tally.ratesBefore || set.step < cut);
      }
      // Measured by this part's own end: not one copying the end before (stopped while queued),
      // nor a failure (which measures nothing, and carries the last numbers on).
      if (tally.partOpen && event.status !== "failed" && test) tally.testsSeen += 1;
      tally.partOpen = false;
      tally.downloading = null;
      tally.paused = false;
      tally.pausedAt = null;
      break;
    }
  }
}

export function runStatus(tally: RunTally): RunStatus {
  if (tally.end) return tally.end.status;
  return tally.paused ? "paused" : tally.started || tally.downloading ? "running" : "queued";
}

/** The run's status as its page shows it: `endedAs`, how it had ended when the page loaded, until
 * the replayed history reaches that end (a long finished run read RUNNING "Epoch 72 of 300", with
 * Stop and Pause and a time left, while its events came in); else the events' own. */
export function statusWhileReplaying(tally: RunTally, endedAs: RunStatus | null): RunStatus {
  return endedAs !== null && !tally.end ? endedAs : runStatus(tally);
}

/** What a chart of steps says while it has none: a run that ended before its first step will get none. */
export function noStepsText(tally: RunTally): string {
  return tally.end ? "No steps: the run ended before its first step." : "Waiting for the first steps…";
}

/** A run stopped between epochs: the step of its weights, and the last epoch and its step. */
export interface StoppedBetweenEpochs {
  step: number;
  epoch: number;
  epochStep: number;
}

/** Where a stopped run's weights (and so its results) are past its last validated epoch; else null. */
export function stoppedBetweenEpochs(tally: RunTally): StoppedBetweenEpochs | null {
  const perEpoch = tally.started?.steps_per_epoch;
  if (tally.end?.status !== "cancelled" || !perEpoch) return null;
  const { step, epoch } = tally.end.metrics;
  const epochStep = epoch * perEpoch;
  return step > epochStep ? { step, epoch, epochStep } : null;
}

/** "Epoch 3 of 10" while a run trains (the epoch under way), or null before it starts or after it ends. */
export function epochUnderWay(tally: RunTally): string | null {
  const { started, progress, end } = tally;
  return started && !end ? `Epoch ${progress?.epoch ?? 1} of ${started.epochs}` : null;
}
