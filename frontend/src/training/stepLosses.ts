// Every step's training loss, from the `losses` each progress frame carries, with the x values the
// loss chart offers (step, fractional epoch, seconds), and every step's learning rate. Columns, not arrays of objects: a long run
// has hundreds of thousands of steps.
import type { ProgressEvent } from "../api/types";
import { Column } from "./column";

export interface StepLosses {
  steps: Column;
  losses: Column;
  /** Fractional epochs: step / steps per epoch (the frame's epoch when that is unknown). */
  epochs: Column;
  /** Seconds since the run started, spread evenly over a frame's steps. */
  elapsed: Column;
  /** Each step's learning rate: the frame's `lrs`, or its `lr` where they were all the same. */
  lrs: Column;
  /** Steps whose loss was not finite (inf or NaN, sent as null), which the chart cannot draw, and the first of them. */
  notFinite: { count: number; first: number | null };
}

export function emptyStepLosses(): StepLosses {
  return { steps: new Column(), losses: new Column(), epochs: new Column(), elapsed: new Column(), lrs: new Column(), notFinite: { count: 0, first: null } };
}

/** Each step's loss in a frame, with its step: a frame from before `losses` existed gives its one
 *  mean loss at its step. */
export function frameLosses(frame: ProgressEvent): { steps: number[]; losses: (number | null)[] } {
  const losses = frame.losses?.length ? frame.losses : [frame.loss];
  return { steps: losses.map((_, i) => frame.step - (losses.length - 1 - i)), losses };
}

/** Adds a frame's steps. */
export function addFrame(series: StepLosses, frame: ProgressEvent, stepsPerEpoch: number): void {
  const { steps, losses } = frameLosses(frame);
  const n = losses.length;
  const last = series.elapsed.length ? series.elapsed.at(series.elapsed.length - 1) : 0;
  // A continued run counts its seconds from its own start again.
  const from = last <= frame.elapsed ? last : 0;
  const lrs = frame.lrs?.length === n ? frame.lrs : null;
  losses.forEach((loss, i) => {
    const step = steps[i]!;
    series.lrs.push(lrs ? lrs[i]! : (frame.lr ?? null));
    series.steps.push(step);
    series.losses.push(loss);
    if (loss === null) {
      series.notFinite.count += 1;
      series.notFinite.first ??= step;
    }
    series.epochs.push(stepsPerEpoch > 0 ? step / stepsPerEpoch : frame.epoch);
    series.elapsed.push(from + ((frame.elapsed - from) * (i + 1)) / n);
  });
}

/** Drops the steps after `step`: a run that goes on from a checkpoint older than its last frame (its
 * server or machine was killed) trains them again, and its chart would draw them twice. */
export function dropStepsAfter(series: StepLosses, step: number): void {
  let keep = series.steps.length;
  while (keep > 0 && series.steps.at(keep - 1) > step) keep -= 1;
  if (keep === series.steps.length) return;
  for (const column of [series.steps, series.losses, series.epochs, series.elapsed, series.lrs]) column.truncate(keep);
  series.notFinite = { count: 0, first: null };
  for (let i = 0; i < keep; i++) {
    if (Number.isNaN(series.losses.at(i))) {
      series.notFinite.count += 1;
      series.notFinite.first ??= series.steps.at(i);
    }
  }
}
