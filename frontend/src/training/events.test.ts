import { describe, expect, it } from "vitest";
import type { BoundaryEvent, EndEvent, NetworkWeights, ProgressEvent, StartedEvent, WarningEvent, WeightsEvent } from "../api/types";
import { applyEvent, emptyTally, runStatus, type RunEvent, type RunTally } from "./events";

const started = (seq: number, layers: string[], firstStep = 0, firstEpoch = 0): StartedEvent => ({
  type: "started", seq, device: "cpu", epochs: 2, first_epoch: firstEpoch, first_step: firstStep, layers, steps_per_epoch: 10, total_steps: 20,
});

const progress = (seq: number, step: number, loss: number | null, gradNorms: Record<string, number | null>): ProgressEvent => ({
  type: "progress", seq, step, loss, grad_norms: gradNorms, epoch: 0, elapsed: step, eta: 1, samples_per_second: 100, lr: 0.1,
});

const end = (seq: number, status: EndEvent["status"]): EndEvent => ({
  type: "end", seq, status, interrupted: false, diverged: false, metrics: { epoch: 1, step: 20 },
});

function tally(...events: RunEvent[]): RunTally {
  const t = emptyTally();
  for (const event of events) applyEvent(t, event);
  return t;
}

describe("applyEvent", () => {
  it("ignores replays and duplicates by seq", () => {
    const t = tally(started(1, ["fc1"]), progress(2, 1, 2.0, { fc1: 0.5 }), progress(3, 2, 1.5, { fc1: 0.4 }));
    applyEvent(t, progress(2, 1, 2.0, { fc1: 0.5 })); // the same frame again
    applyEvent(t, progress(3, 2, 1.5, { fc1: 0.4 }));
    applyEvent(t, progress(1, 9, 9.9, { fc1: 9 })); // older than anything seen
    expect(t.steps).toEqual([1, 2]);
    expect(t.losses).toEqual([2.0, 1.5]);
    expect(t.lastSeq).toBe(3);
  });

  it("keeps steps, losses, learning rates and grad norms aligned, one array per layer", () => {
    const t = tally(
      started(1, ["fc1", "fc2"]),
      progress(2, 1, 2.0, { fc1: 0.5, fc2: 0.25 }),
      progress(3, 2, null, { fc1: 0, fc2: Number.POSITIVE_INFINITY }),
      // a layer first seen mid-run gets nulls for the frames before it
      progress(4, 3, 1.0, { fc1: 0.3, fc3: 0.1 }),
    );
    expect(t.steps).toEqual([1, 2, 3]);
    expect(t.losses).toEqual([2.0, null, 1.0]);
    expect(t.lrs).toEqual([0.1, 0.1, 0.1]);
    expect(t.gradLayers).toEqual(["fc1", "fc2", "fc3"]);
    expect(t.gradNorms).toEqual([
      [0.5, null, 0.3], // zero cannot go on a log axis
      [0.25, null, null], // nor can infinity, nor a missing value
      [null, null, 0.1],
    ]);
    expect(t.progress?.step).toBe(3);
  });

  it("an end sets the status", () => {
    const t = tally(started(1, ["fc1"]));
    expect(runStatus(emptyTally())).toBe("queued");
    expect(runStatus(t)).toBe("running");
    applyEvent(t, { type: "paused", seq: 2, epoch: 0, step: 3 });
    expect(runStatus(t)).toBe("paused");
    applyEvent(t, end(3, "cancelled"));
    expect(runStatus(t)).toBe("cancelled");
    expect(t.paused).toBe(false);
  });

  it("a continued run after an end is live again and keeps counting on the same arrays", () => {
    const t = tally(started(1, ["fc1"]), progress(2, 1, 2.0, { fc1: 0.5 }), progress(3, 2, 1.8, { fc1: 0.4 }), end(4, "succeeded"));
    expect(runStatus(t)).toBe("succeeded");
    applyEvent(t, started(5, ["fc1", "fc2"], 2));
    expect(runStatus(t)).toBe("running");
    applyEvent(t, progress(6, 3, 1.2, { fc1: 0.3, fc2: 0.2 }));
    applyEvent(t, end(7, "failed"));
    expect(t.steps).toEqual([1, 2, 3]);
    expect(t.losses).toEqual([2.0, 1.8, 1.2]);
    expect(t.gradNorms).toEqual([
      [0.5, 0.4, 0.3],
      [null, null, 0.2],
    ]);
    expect(runStatus(t)).toBe("failed");
  });

  it("drops what a run goes on to train again from a checkpoint older than its log's end", () => {
    // Killed at step 5 (its server or machine), its last checkpoint at step 3, in epoch 2.
    const epoch = (seq: number, n: number, step: number) => ({ type: "epoch" as const, seq, epoch: n, step, elapsed: step, train_loss: 1 / n, val_loss: 1, val_accuracy: 0.5 });
    const look = (seq: number, step: number) => ({ type: "insight" as const, seq, step, layers: { fc1: { update_ratio: step / 1000 } } }) as unknown as RunEvent;
    const t = tally(
      started(1, ["fc1"], 0, 1),
      progress(2, 1, 2.0, { fc1: 0.5 }),
      progress(3, 2, 1.8, { fc1: 0.4 }),
      epoch(4, 1, 2),
      look(5, 2),
      progress(6, 3, 1.6, { fc1: 0.3 }),
      progress(7, 4, 1.5, { fc1: 0.2 }),
      epoch(8, 2, 4),
      look(9, 4),
      progress(10, 5, 1.4, { fc1: 0.1 }),
      started(11, ["fc1"], 3, 2),
      progress(12, 4, 1.45, { fc1: 0.25 }),
    );
    expect(t.steps).toEqual([1, 2, 3, 4]);
    expect(t.losses).toEqual([2.0, 1.8, 1.6, 1.45]);
    expect(t.gradNorms).toEqual([[0.5, 0.4, 0.3, 0.25]]);
    expect(Array.from(t.stepLosses.steps.values())).toEqual([1, 2, 3, 4]);
    expect(Array.from(t.stepLosses.losses.values())).toEqual([2.0, 1.8, 1.6, 1.45]);
    expect(t.epochs).toEqual([1]); // epoch 2 is trained again
    expect(t.ratioSteps).toEqual([2]);
    expect(t.ratios).toEqual({ fc1: [0.002] });
  });

  it("keeps everything when a run goes on from where its log ends, as Continue does", () => {
    const t = tally(started(1, ["fc1"], 0, 1), progress(2, 1, 2.0, { fc1: 0.5 }), progress(3, 2, 1.8, { fc1: 0.4 }), end(4, "succeeded"));
    applyEvent(t, started(5, ["fc1"], 2, 2));
    expect(t.steps).toEqual([1, 2]);
    expect(t.stepLosses.steps.length).toBe(2);
  });

  it("collects epochs in their own arrays", () => {
    const t = tally(
      started(1, []),
      { type: "epoch", seq: 2, epoch: 1, step: 10, elapsed: 1, train_loss: 1.1, val_loss: 1.2, val_accuracy: 0.5 },
      { type: "epoch", seq: 3, epoch: 2, step: 20, elapsed: 2, train_loss: 0.9, val_loss: null, val_accuracy: null },
    );
    expect(t.epochs).toEqual([1, 2]);
    expect(t.trainLoss).toEqual([1.1, 0.9]);
    expect(t.valLoss).toEqual([1.2, null]);
    expect(t.valAccuracy).toEqual([0.5, null]);
    expect(t.steps).toEqual([]);
  });
});

const map = (seq: number, epoch: number, points: number[][] | null, class_names: string[] | null = null): BoundaryEvent => ({
  type: "boundary", seq, epoch, step: epoch * 10, x_min: -1, x_max: 1, y_min: -1, y_max: 1, size: 2, classes: "AAEB", confidence: "gICA", points, class_names,
});

describe("warnings", () => {
  const warning = (seq: number, step: number, kind: WarningEvent["kind"], layer: string): WarningEvent => ({
    type: "warning", seq, step, kind, layer, message: `${kind} in ${layer} at ${step}`,
  });

  it("keeps each kind once a layer, as last said, when a continued run says it again", () => {
    const t = tally(
      started(1, ["fc1"]),
      warning(2, 2700, "dead_relu", "act2"),
      warning(3, 2700, "vanishing", "fc1"),
      end(4, "cancelled"),
      started(5, ["fc1"], 2800, 1),
      warning(6, 2803, "dead_relu", "act2"),
      warning(7, 2803, "dead_relu", "act1"),
    );
    // The continued part's word on act2 (its advice may differ: dead before it began), in order.
    expect(t.warnings.map((w) => [w.step, w.kind, w.layer])).toEqual([
      [2700, "vanishing", "fc1"],
      [2803, "dead_relu", "act2"],
      [2803, "dead_relu", "act1"],
    ]);
  });
});

describe("a 2-D run's decision boundary", () => {
  it("keeps every map, and the points and class names of the first, which the next ones leave out", () => {
    const t = tally(started(1, ["fc1"]), map(2, 1, [[0, 0, 1]], ["inner", "outer"]), map(3, 2, null));
    expect(t.boundaries.map((m) => m.epoch)).toEqual([1, 2]);
    expect(t.boundaryPoints).toEqual([[0, 0, 1]]);
    expect(t.boundaryClasses).toEqual(["inner", "outer"]);
  });

  it("drops the maps a continued run trains again, from the epoch its checkpoint goes on with", () => {
    const t = tally(started(1, ["fc1"], 0, 1), map(2, 1, [[0, 0, 1]]), map(3, 3, null), map(4, 5, null), end(5, "cancelled"));
    applyEvent(t, started(6, ["fc1"], 30, 4));
    applyEvent(t, map(7, 4, [[0, 0, 1]]));
    expect(t.boundaries.map((m) => m.epoch)).toEqual([1, 3, 4]);
  });

  it("has no class names from a log written before maps carried them", () => {
    const { class_names: _, ...old } = map(2, 1, [[0, 0, 1]]);
    expect(tally(started(1, ["fc1"]), old).boundaryClasses).toEqual([]);
  });
});

describe("a small MLP's weights at epoch ends", () => {
  const net = (w: number): NetworkWeights => ({ inputs: null, layers: [{ id: "fc", weight: [[w]], bias: null, after: [] }], not_drawn: null });
  const weights = (seq: number, epoch: number, w: number): WeightsEvent => ({ type: "weights", seq, epoch, step: epoch * 10, network: net(w) });

  it("give the weights slider every epoch, with the insight looks between them", () => {
    const t = tally(started(1, ["fc1"]));
    applyEvent(t, { type: "insight", seq: 2, epoch: 1, step: 4, layers: {}, network: net(0.001) } as unknown as RunEvent);
    for (let epoch = 1; epoch <= 30; epoch += 1) applyEvent(t, weights(epoch + 2, epoch, epoch / 100));
    expect(t.weightLooks.looks.map((l) => l.epoch)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(t.weightLooks.looks[0]!.step).toBe(10); // the epoch's end, not the look before it
    expect(t.weightLooks.looks.at(-1)!.network.layers[0]!.weight).toEqual([[0.3]]);
  });

  it("are replayed from the log, and a continued run's trained-again epochs are dropped", () => {
    const t = tally(started(1, ["fc1"], 0, 1), weights(2, 1, 0.1), weights(3, 2, 0.2), weights(4, 3, 0.3), end(5, "cancelled"));
    applyEvent(t, started(6, ["fc1"], 20, 3));
    applyEvent(t, weights(7, 3, 0.33));
    expect(t.weightLooks.looks.map((l) => [l.epoch, l.network.layers[0]!.weight[0]![0]])).toEqual([[1, 0.1], [2, 0.2], [3, 0.33]]);
  });
});

describe("a run that downloads its dataset first", () => {
  const downloading: RunEvent = { type: "downloading", seq: 1, dataset: "mnist", title: "MNIST digits (28×28)", megabytes: 11 };

  it("is running while it downloads, and the download is over once it starts", () => {
    const t = tally(downloading);
    expect(runStatus(t)).toBe("running");
    expect(t.downloading?.title).toBe("MNIST digits (28×28)");
    applyEvent(t, started(2, ["fc1"]));
    expect(t.downloading).toBeNull();
    expect(runStatus(t)).toBe("running");
  });

  it("ends without starting when the download fails", () => {
    const t = tally(downloading, end(2, "failed"));
    expect(t.downloading).toBeNull();
    expect(runStatus(t)).toBe("failed");
  });
});

describe("every step's loss", () => {
  const column = (c: { length: number; value: (i: number) => number | null }) => Array.from({ length: c.length }, (_, i) => c.value(i));

  it("takes each frame's losses, numbered up to the frame's step, with seconds spread over them", () => {
    const t = tally(
      started(1, ["fc1"]),
      { ...progress(2, 3, 2.0, { fc1: 0.5 }), losses: [2.2, 2.0, 1.8], elapsed: 0.3 },
      { ...progress(3, 5, 1.5, { fc1: 0.4 }), losses: [1.6, null], elapsed: 0.5 },
    );
    expect(t.steps).toEqual([3, 5]); // one entry per frame, for the gradients and the learning rate
    const { steps, losses, epochs, elapsed } = t.stepLosses;
    expect(column(steps)).toEqual([1, 2, 3, 4, 5]);
    expect(column(losses)).toEqual([2.2, 2.0, 1.8, 1.6, null]);
    expect(column(epochs)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]); // 10 steps per epoch
    column(elapsed).forEach((seconds, i) => expect(seconds).toBeCloseTo([0.1, 0.2, 0.3, 0.4, 0.5][i]!));
  });

  it("takes a frame without `losses` (an older log) as one point at its step", () => {
    const t = tally(started(1, ["fc1"]), progress(2, 4, 2.0, { fc1: 0.5 }));
    expect(column(t.stepLosses.steps)).toEqual([4]);
    expect(column(t.stepLosses.losses)).toEqual([2.0]);
  });

  it("ignores a frame seen before", () => {
    const frame = { ...progress(2, 2, 2.0, { fc1: 0.5 }), losses: [2.1, 1.9] };
    const t = tally(started(1, ["fc1"]), frame, frame);
    expect(t.stepLosses.losses.length).toBe(2);
  });
});

describe("testsSeen", () => {
  it("counts the ends that measured the test set, once each, replays left out", () => {
    const tested = (seq: number): EndEvent => ({ ...end(seq, "succeeded"), metrics: { epoch: 1, step: 20, test: { size: 9, loss: 0.5, accuracy: 0.9 } } });
    const t = tally(started(1, ["fc"]), tested(2), started(3, ["fc"], 20, 2), tested(4));
    expect(t.testsSeen).toBe(2);
    applyEvent(t, tested(4)); // the same end again, replayed
    expect(t.testsSeen).toBe(2);
    expect(tally(started(1, ["fc"]), end(2, "succeeded")).testsSeen).toBe(0); // no test set
    // A Continue stopped while queued ends with no start of its own, copying the end before;
    // a failure measures nothing either.
    expect(tally(started(1, ["fc"]), tested(2), { ...tested(3), status: "cancelled" }).testsSeen).toBe(1);
    expect(tally(started(1, ["fc"]), tested(2), started(3, ["fc"], 20, 2), { ...tested(4), status: "failed" }).testsSeen).toBe(1);
  });
});

describe("a rate never set", () => {
  const rate = (seq: number, step: number, lr: number): RunEvent => ({ type: "rate", seq, epoch: 2, step, lr }) as RunEvent;
  const paused = (seq: number, step: number): RunEvent => ({ type: "paused", seq, epoch: 1, step }) as RunEvent;
  const ended = (seq: number, step: number, rateNotSet: number): EndEvent => ({ ...end(seq, "cancelled"), metrics: { epoch: 1, step }, rate_not_set: rateNotSet });

  it("drops only this part's rates said past where it paused, as the server's record does", () => {
    // Part one set 0.002 at step 30 and trained at it; its worker died; the Continue from the
    // epoch end (step 20) paused at step 22, was set 0.001, and stopped.
    const t = tally(started(1, ["fc1"]), rate(2, 30, 0.002), end(3, "failed"), started(4, ["fc1"], 20, 1), paused(5, 22), rate(6, 22, 0.001), ended(7, 22, 0.001));
    expect(t.rates.map((r) => r.lr)).toEqual([0.002]);
  });

  it("takes where it paused, not the end's numbers, which a dead worker's leave at the last epoch end", () => {
    const t = tally(started(1, ["fc1"]), rate(2, 15, 0.002), paused(3, 25), rate(4, 25, 0.001), ended(5, 10, 0.001));
    expect(t.rates.map((r) => r.lr)).toEqual([0.002]);
  });
});
