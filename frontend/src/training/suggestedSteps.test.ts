import { describe, expect, it } from "vitest";
import type { DatasetSpec } from "../api/types";
import { EDITOR_STEPS, stepsOnSwitch, suggestedSteps } from "./suggestedSteps";

const digits = { name: "digits", suggested: null } as DatasetSpec;
const spiral = { name: "spiral", suggested: { epochs: 50, batch_size: 32 } } as DatasetSpec;
const moons = { name: "moons", suggested: { epochs: 50, batch_size: 32 } } as DatasetSpec;

describe("suggestedSteps", () => {
  it("is the set's own suggestion, else the editor's", () => {
    expect(suggestedSteps(spiral)).toEqual({ epochs: 50, batch_size: 32 });
    expect(suggestedSteps(digits)).toEqual(EDITOR_STEPS);
    expect(suggestedSteps(undefined)).toEqual(EDITOR_STEPS);
  });
});

describe("stepsOnSwitch", () => {
  it("takes the new set's numbers when the old set's were kept", () => {
    expect(stepsOnSwitch({ epochs: 10, batch_size: 64 }, digits, spiral)).toEqual({ epochs: 50, batch_size: 32, changed: true });
    expect(stepsOnSwitch({ epochs: 50, batch_size: 32 }, spiral, digits)).toEqual({ epochs: 10, batch_size: 64, changed: true });
  });

  it("keeps numbers the person chose", () => {
    expect(stepsOnSwitch({ epochs: 12, batch_size: 64 }, digits, spiral)).toEqual({ epochs: 12, batch_size: 64, changed: false });
    expect(stepsOnSwitch({ epochs: 50, batch_size: 16 }, spiral, digits)).toEqual({ epochs: 50, batch_size: 16, changed: false });
  });

  it("changes nothing between sets that suggest the same", () => {
    expect(stepsOnSwitch({ epochs: 50, batch_size: 32 }, spiral, moons)).toEqual({ epochs: 50, batch_size: 32, changed: false });
  });
});
