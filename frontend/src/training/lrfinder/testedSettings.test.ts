import { describe, expect, it } from "vitest";
import type { Design, TrainingSettings } from "../../api/types";
import { testedSettings } from "./testedSettings";

const design: Design = { version: 1, name: "a", input_shape: [1, 8, 8], layers: [{ id: "fc", type: "Linear", params: { out_features: 10 } }] };
const settings = { dataset: "digits", loss: "CrossEntropyLoss", optimizer: "Adam", lr: 1e-3, epochs: 5, batch_size: 64 } as TrainingSettings;
const key = testedSettings(design, settings);

describe("testedSettings", () => {
  it("ignores what the range test does not read", () => {
    expect(testedSettings({ ...design, name: "b" }, { ...settings, lr: 3e-3, epochs: 9, seed: 4 })).toBe(key);
    expect(testedSettings(design, { batch_size: 64, epochs: 5, lr: 1e-3, optimizer: "Adam", loss: "CrossEntropyLoss", dataset: "digits" } as TrainingSettings)).toBe(key);
  });
  it("changes with the dataset, the optimizer, the batch size and the design", () => {
    expect(testedSettings(design, { ...settings, dataset: "iris" })).not.toBe(key);
    expect(testedSettings(design, { ...settings, optimizer: "SGD" })).not.toBe(key);
    expect(testedSettings(design, { ...settings, batch_size: 32 })).not.toBe(key);
    expect(testedSettings({ ...design, layers: [{ id: "fc", type: "Linear", params: { out_features: 5 } }] }, settings)).not.toBe(key);
  });
});
