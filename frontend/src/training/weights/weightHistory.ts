// A small MLP's weights as the run went, for the drawing's epoch slider: one an epoch (its latest),
// kept in the tally as they come: from the insight looks (about once a second) and from the
// weights events at epoch ends (training/epoch_weights.py: every epoch of a run of up to 100, so a
// run of 0.3 s has them all). Bounded: at most MAX_WEIGHT_LOOKS, evenly spread
// over the run (when full, every other one goes, and from then on one epoch in two is kept, then
// one in four, ...), and always the newest. Framework-free, so it is tested on its own.
import type { NetworkWeights } from "../../api/types";
import { lookScale } from "./networkDrawing";

/** Looks kept at most, besides the newest: 100 × about 8 KB of weights. */
export const MAX_WEIGHT_LOOKS = 100;

export interface WeightsLook {
  epoch: number;
  step: number;
  network: NetworkWeights;
  /** Which epoch with a look this was, counted from 0: the thinning keeps the multiples of `stride`. */
  index: number;
}

export interface WeightHistory {
  looks: WeightsLook[];
  /** One epoch with a look in `stride` is kept (the newest always). */
  stride: number;
  /** Epochs with a look seen so far. */
  seen: number;
  /** The largest of the looks' own scales so far: the drawing's one width scale over the run (networkDrawing.ts). */
  scale: number;
}

export function emptyWeightHistory(): WeightHistory {
  return { looks: [], stride: 1, seen: 0, scale: 0 };
}

/** Weights at a step: an insight look's, or a weights event's at an epoch's end. */
export interface WeightsAt {
  epoch: number;
  step: number;
  network?: NetworkWeights | null;
}

/** Folds weights into the history: those of the newest look's epoch replace it unless older (an
 * epoch's last step wins); only drawn weights are kept (a network not drawn, or not finite at that
 * step, has none to replay). */
export function addWeightsLook(history: WeightHistory, event: WeightsAt, max = MAX_WEIGHT_LOOKS): void {
  const network = event.network;
  if (!network || network.not_drawn || network.layers.length === 0) return;
  history.scale = Math.max(history.scale, lookScale(network));
  const { looks } = history;
  const tail = looks.at(-1);
  if (tail && event.epoch <= tail.epoch) {
    if (event.epoch === tail.epoch && event.step >= tail.step) looks[looks.length - 1] = { ...tail, step: event.step, network };
    return;
  }
  if (tail && tail.index % history.stride !== 0) looks.pop(); // kept only as the newest
  looks.push({ epoch: event.epoch, step: event.step, network, index: history.seen });
  history.seen += 1;
  while (looks.length > max) {
    history.stride *= 2;
    const last = looks.length - 1;
    const kept = looks.filter((look, i) => look.index % history.stride === 0 || i === last);
    looks.splice(0, looks.length, ...kept);
  }
}

/** Drops the looks after `step`: a continued run trains them again from its checkpoint. */
export function dropWeightLooksAfter(history: WeightHistory, step: number): void {
  const kept = history.looks.filter((look) => look.step <= step);
  history.looks.splice(0, history.looks.length, ...kept);
  history.scale = kept.reduce((most, look) => Math.max(most, lookScale(look.network)), 0);
}
