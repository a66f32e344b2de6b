import { describe, expect, it } from "vitest";
import type { NetworkWeights } from "../../api/types";
import { networkDrawing } from "./networkDrawing";
import { addWeightsLook, dropWeightLooksAfter, emptyWeightHistory } from "./weightHistory";

const net = (w: number): NetworkWeights => ({ inputs: null, layers: [{ id: "fc", weight: [[w]], bias: null, after: [] }], not_drawn: null });
const look = (epoch: number, step: number, w = epoch) => ({ epoch, step, network: net(w) });

describe("weight history", () => {
  it("keeps an epoch's latest look, and only drawn weights", () => {
    const history = emptyWeightHistory();
    addWeightsLook(history, look(1, 5, 0.1));
    addWeightsLook(history, look(1, 9, 0.2));
    addWeightsLook(history, { epoch: 2, step: 12, network: { inputs: null, layers: [], not_drawn: "too big" } });
    addWeightsLook(history, { epoch: 2, step: 13, network: null });
    addWeightsLook(history, look(3, 20, 0.3));
    expect(history.looks.map((l) => [l.epoch, l.step, l.network.layers[0]!.weight[0]![0]])).toEqual([
      [1, 9, 0.2],
      [3, 20, 0.3],
    ]);
  });
  it("stays within its bound, evenly spread, with the first and the newest", () => {
    const history = emptyWeightHistory();
    for (let epoch = 1; epoch <= 1000; epoch += 1) addWeightsLook(history, look(epoch, epoch * 10), 10);
    const epochs = history.looks.map((l) => l.epoch);
    expect(epochs.length).toBeLessThanOrEqual(11);
    expect(epochs.length).toBeGreaterThanOrEqual(6);
    expect(epochs[0]).toBe(1);
    expect(epochs.at(-1)).toBe(1000);
    const gaps = epochs.slice(1, -1).map((e, i) => e - epochs[i]!);
    expect(new Set(gaps).size).toBe(1); // evenly spread, but for the newest
  });
  it("keeps an epoch's last step: an earlier look of it, or of an epoch before, arriving later, is left out", () => {
    const history = emptyWeightHistory();
    addWeightsLook(history, look(1, 10, 0.1)); // the map at epoch 1's end
    addWeightsLook(history, look(1, 7, 0.05)); // an insight look of a step before it
    addWeightsLook(history, look(2, 20, 0.2));
    addWeightsLook(history, look(1, 9, 0.07));
    expect(history.looks.map((l) => [l.epoch, l.step, l.network.layers[0]!.weight[0]![0]])).toEqual([
      [1, 10, 0.1],
      [2, 20, 0.2],
    ]);
  });
  it("drops the looks a continued run trains again", () => {
    const history = emptyWeightHistory();
    for (let epoch = 1; epoch <= 5; epoch += 1) addWeightsLook(history, look(epoch, epoch * 10));
    dropWeightLooksAfter(history, 30);
    expect(history.looks.map((l) => l.epoch)).toEqual([1, 2, 3]);
    addWeightsLook(history, look(4, 40));
    expect(history.looks.map((l) => l.epoch)).toEqual([1, 2, 3, 4]);
  });
  it("keeps the largest look scale so far (its 9-in-10 |w|): one width scale for every look, so earlier ones draw thinner", () => {
    const grown = (factor: number): NetworkWeights => ({ inputs: null, not_drawn: null, layers: [{ id: "fc", weight: [[0.6 * factor, -0.3 * factor]], bias: null, after: [] }] });
    const history = emptyWeightHistory();
    expect(history.scale).toBe(0);
    [1, 2, 3].forEach((factor, i) => addWeightsLook(history, { epoch: i + 1, step: (i + 1) * 10, network: grown(factor) }));
    expect(history.scale).toBeCloseTo(1.8);
    // Every weight grew by the same factor: each look's own scale drew them all alike; the run's
    // one scale draws the first epoch's a third as far from the thinnest as the last epoch's.
    const widths = history.looks.map((look) => networkDrawing(look.network, {}, history.scale)!.edges.map((e) => e.width));
    expect(widths[0]![0]!).toBeLessThan(widths[1]![0]!);
    expect(widths[1]![0]!).toBeLessThan(widths[2]![0]!);
    expect(networkDrawing(history.looks[0]!.network, {}, history.scale)!.scale).toBeCloseTo(1.8);
    // Weights that shrink again (weight decay) keep the largest seen: the scale does not jump.
    addWeightsLook(history, { epoch: 4, step: 40, network: grown(0.5) });
    expect(history.scale).toBeCloseTo(1.8);
    // A continued run trains from its checkpoint again: the looks dropped no longer count.
    dropWeightLooksAfter(history, 20);
    expect(history.scale).toBeCloseTo(1.2);
  });
});
