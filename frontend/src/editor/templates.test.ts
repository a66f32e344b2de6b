import { describe, expect, it } from "vitest";
import type { DatasetSpec } from "../api/types";
import { templateDataset, TEMPLATES } from "./templates";

const mlp = TEMPLATES.find((t) => t.name === "mlp")!;
const dataset = (sample_shape: number[]): DatasetSpec =>
  ({ name: "d", title: "D", help: "", task: "classification", sample_shape, target_shape: [], classes: ["a", "b"], train_size: 1, val_size: 1, available: true, source: "builtin" }) as DatasetSpec;

describe("the MLP template", () => {
  it("starts with a Flatten only where the sample is not already a vector", () => {
    expect(mlp.make(dataset([2])).layers[0]!.type).toBe("Linear");
    expect(mlp.make(dataset([1, 8, 8])).layers[0]!.type).toBe("Flatten");
  });
});

describe("the CNN templates", () => {
  const digits = { ...dataset([1, 8, 8]), name: "digits" };
  const photos = { ...dataset([3, 32, 32]), name: "upload-0123456789ab" };
  const moons = { ...dataset([2]), name: "moons" };
  it("keep pictures already chosen, a person's own, and go to the digits from anything else", () => {
    for (const name of ["lenet", "residual"]) {
      const template = TEMPLATES.find((t) => t.name === name)!;
      expect(templateDataset(template, [digits, photos, moons], photos)).toBe(photos);
      expect(templateDataset(template, [digits, photos, moons], moons)).toBe(digits);
      expect(templateDataset(template, [digits, photos, moons], { ...photos, sample_shape: [3, 4, 4] })).toBe(digits); // too small to pool twice
      expect(template.make(photos).input_shape).toEqual([3, 32, 32]);
      expect(template.make(photos).name).toBe(name);
      expect(template.make(digits).name).toBe(`${name}-digits`);
    }
  });
});

describe("the LSTM template", () => {
  const lstm = TEMPLATES.find((t) => t.name === "lstm")!;
  const waveforms = { ...dataset([1, 32]), name: "waveforms", classes: ["sine", "square", "sawtooth"] };
  const signals = { ...dataset([12, 1000]), name: "upload-0123456789ab" };
  const digits = { ...dataset([1, 8, 8]), name: "digits" };
  it("keeps sequences already chosen, and goes to the waveforms from anything else", () => {
    expect(templateDataset(lstm, [waveforms, signals, digits], signals)).toBe(signals);
    expect(templateDataset(lstm, [waveforms, signals, digits], digits)).toBe(waveforms);
    expect(lstm.make(signals).input_shape).toEqual([12, 1000]);
    expect(lstm.make(signals).name).toBe("lstm");
  });
  it("ends in a Linear of one output per class, after the LSTM's last step", () => {
    const design = lstm.make(waveforms);
    expect(design.name).toBe("lstm-waveforms");
    expect(design.layers.map((l) => [l.type, l.params])).toEqual([
      ["LSTM", { hidden_size: 32, output: "last" }],
      ["Linear", { out_features: 3 }],
    ]);
  });
});
