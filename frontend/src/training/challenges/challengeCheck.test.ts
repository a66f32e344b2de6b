import { describe, expect, it } from "vitest";
import type { Design, Layer } from "../../api/types";
import { checkAttempt, designMisses, hiddenLayers, planeMisses, type Attempt } from "./challengeCheck";
import { CHALLENGES, challengeById } from "./challenges";

const layer = (id: string, type: string): Layer => ({ id, type });
const mlp = (hidden: number): Design => ({
  version: 1,
  name: "m",
  input_shape: [2],
  layers: [...Array.from({ length: hidden }, (_, i) => [layer(`fc${i}`, "Linear"), layer(`act${i}`, "ReLU")]).flat(), layer("out", "Linear")],
});
const spiral = challengeById("spiral-two-hidden")!;
const digits = challengeById("digits-small")!;
const circles = challengeById("circles-no-hidden")!;
const attempt = (over: Partial<Attempt> = {}): Attempt => ({ status: "succeeded", dataset: "spiral", valAccuracy: 0.99, design: mlp(2), totalParams: 354, ...over });

describe("challenge data", () => {
  it("has unique ids, and each starting design opens on its dataset with settings", () => {
    expect(new Set(CHALLENGES.map((c) => c.id)).size).toBe(CHALLENGES.length);
    for (const c of CHALLENGES) {
      expect(c.training.epochs).toBeGreaterThan(0);
      expect(c.minAccuracy).toBeGreaterThan(0);
      expect(c.minAccuracy).toBeLessThanOrEqual(1);
    }
  });

  it("starts each challenge with a design that breaks one of its design limits or has to learn more", () => {
    expect(designMisses(digits, digits.design, 8970)).toEqual(["8,970 parameters, at most 5,000 allowed"]);
    expect(hiddenLayers(spiral.design)).toBe(0);
  });
});

describe("checkAttempt", () => {
  it("meets the challenge when every part holds", () => {
    expect(checkAttempt(spiral, attempt())).toEqual({ ended: true, met: true, missing: [] });
  });

  it("says the accuracy reached against the one asked", () => {
    expect(checkAttempt(spiral, attempt({ valAccuracy: 0.921 }))).toEqual({ ended: true, met: false, missing: ["validation accuracy 92.1%, 95% needed"] });
  });

  it("counts hidden layers: weighted layers but the output one", () => {
    expect(hiddenLayers(mlp(3))).toBe(3);
    expect(checkAttempt(spiral, attempt({ design: mlp(3) })).missing).toEqual(["3 hidden layers, at most 2 allowed"]);
    expect(checkAttempt(circles, attempt({ dataset: "circles", design: mlp(1) })).missing).toEqual(["1 hidden layer, none allowed"]);
  });

  it("holds a parameter budget, and judges none until the count is known", () => {
    const digitsAttempt = attempt({ dataset: "digits", design: mlp(1) });
    expect(checkAttempt(digits, { ...digitsAttempt, totalParams: 8970 }).missing).toEqual(["8,970 parameters, at most 5,000 allowed"]);
    expect(checkAttempt(digits, { ...digitsAttempt, totalParams: 5000 }).met).toBe(true);
    expect(checkAttempt(digits, { ...digitsAttempt, totalParams: null }).met).toBe(false);
  });

  it("wants the challenge's dataset", () => {
    expect(checkAttempt(spiral, attempt({ dataset: "moons" })).missing).toEqual(["trained on moons, the challenge is on spiral"]);
  });

  it("wants the set's own noise and training share: less noise or more to train on is easier", () => {
    const own = { noise: 15, train_share: 80 };
    expect(checkAttempt(spiral, attempt({ plane: { set: { noise: null, train_share: null }, own } })).met).toBe(true);
    expect(checkAttempt(spiral, attempt({ plane: { set: { noise: 15, train_share: 80 }, own } })).met).toBe(true);
    expect(checkAttempt(spiral, attempt({ plane: { set: { noise: 0, train_share: 90 }, own } })).missing).toEqual([
      "noise 0%, the challenge keeps the set's 15%",
      "training share 90%, the challenge keeps the set's 80%",
    ]);
    expect(planeMisses({ noise: 0 }, null)).toEqual([]); // the set's own not known yet: unjudged,
    expect(checkAttempt(spiral, attempt({ plane: { set: { noise: 0 }, own: null } })).met).toBe(false); // and not met
    expect(checkAttempt(spiral, attempt({ plane: { set: { noise: null }, own: null } })).met).toBe(true);
  });

  it("is not met while training, but already says what the design misses", () => {
    expect(checkAttempt(spiral, attempt({ status: "running", valAccuracy: 0.5 }))).toEqual({ ended: false, met: false, missing: [] });
    expect(checkAttempt(spiral, attempt({ status: "running", design: mlp(4) })).missing).toEqual(["4 hidden layers, at most 2 allowed"]);
  });

  it("is not met by a run that failed or has no accuracy; a stopped one is judged where it stopped", () => {
    expect(checkAttempt(spiral, attempt({ status: "cancelled" })).met).toBe(true);
    expect(checkAttempt(spiral, attempt({ status: "cancelled", valAccuracy: 0.9 })).missing).toEqual(["validation accuracy 90%, 95% needed"]);
    expect(checkAttempt(spiral, attempt({ status: "failed" })).missing).toEqual(["the run failed before its last epoch"]);
    expect(checkAttempt(spiral, attempt({ valAccuracy: null })).missing).toEqual(["the run has no validation accuracy"]);
  });

  it("lists every part missing at once", () => {
    expect(checkAttempt(spiral, attempt({ design: mlp(3), valAccuracy: 0.5 })).missing).toEqual(["3 hidden layers, at most 2 allowed", "validation accuracy 50%, 95% needed"]);
  });
});
