import { describe, expect, it } from "vitest";
import type { RunInfo, TrainingSettings } from "../../api/types";
import { runSettings, settingsDiff } from "./settingsDiff";

const TRAINING = { dataset: "spiral", loss: "CrossEntropyLoss", optimizer: "Adam", lr: 0.01, epochs: 50, batch_size: 8, seed: 0, precision: "fp32" };
const DESIGN = { version: 1, name: "mlp", input_shape: [2], layers: [{ id: "fc1", type: "Linear", params: { out_features: 64 } }] };

const run = (training: Partial<TrainingSettings> = {}, design: Partial<RunInfo["design"]> = {}) =>
  ({ id: "r", dataset_title: null, design: { ...DESIGN, ...design }, training: { ...TRAINING, ...training } }) as unknown as RunInfo;

describe("settingsDiff", () => {
  it("lists only the settings that differ, each run's value in order", () => {
    expect(settingsDiff([run({ batch_size: 8, epochs: 50 }), run({ batch_size: 64, epochs: 237 })])).toEqual([
      { setting: "Batch size", values: ["8", "64"] },
      { setting: "Epochs", values: ["50", "237"] },
    ]);
  });

  it("counts a setting that differs in one run of three", () => {
    const diff = settingsDiff([run(), run(), run({ optimizer: "SGD", optimizer_params: { momentum: 0.9 } })]);
    expect(diff).toEqual([{ setting: "Optimizer", values: ["Adam", "Adam", "SGD (momentum=0.9)"] }]);
  });

  it("compares the design's name and layers, and the dataset's options", () => {
    const other = run({ dataset_options: { noise: 20 } }, { name: "wide", layers: [{ id: "fc1", type: "Linear", params: { out_features: 256 } }] });
    expect(settingsDiff([run(), other])).toEqual([
      { setting: "Design", values: ["mlp", "wide"] },
      { setting: "Layers", values: ["Linear (out_features=64)", "Linear (out_features=256)"] },
      { setting: "Noise %", values: ["default", "20"] },
    ]);
  });

  it("leaves out a layer param set to its default: bias=true beside a run that left it unset is the same", () => {
    const defaults = new Map([["Linear", { out_features: 10, bias: true }]]);
    const said = run({}, { layers: [{ id: "fc1", type: "Linear", params: { out_features: 64, bias: true } }] });
    expect(settingsDiff([run(), said], defaults)).toEqual([]);
    const off = run({}, { layers: [{ id: "fc1", type: "Linear", params: { out_features: 64, bias: false } }] });
    expect(settingsDiff([run(), off], defaults)).toEqual([
      { setting: "Layers", values: ["Linear (out_features=64)", "Linear (out_features=64, bias=false)"] },
    ]);
  });

  it("says where a run ended before its epochs, which then differ from a whole run's", () => {
    const stopped = { ...run({ epochs: 1000 }), status: "cancelled", metrics: { epoch: 74, step: 900 } } as RunInfo;
    const whole = { ...run({ epochs: 1000 }), status: "succeeded", metrics: { epoch: 1000, step: 9000 } } as RunInfo;
    const live = { ...run({ epochs: 1000 }), status: "running", metrics: { epoch: 74, step: 900 } } as RunInfo;
    expect(settingsDiff([stopped, whole, live])).toEqual([{ setting: "Epochs", values: ["1000 (ended after 74)", "1000", "1000"] }]);
  });

  it("finds nothing when every setting is the same, or when only one run is compared", () => {
    expect(settingsDiff([run(), run()])).toEqual([]);
    expect(settingsDiff([run({ lr: 1 })])).toEqual([]);
  });
});

describe("runSettings", () => {
  it("reads every training setting of a run, in the editor's order, and none of its design", () => {
    const read = runSettings(run({ scheduler: "StepLR", scheduler_params: { step_size: 2 }, clip_grad_norm: 1 }));
    const value = (setting: string) => read.find((s) => s.setting === setting)?.value;
    expect(read[0]).toEqual({ setting: "Dataset", value: "spiral" });
    expect(value("Schedule")).toBe("StepLR (step_size=2)");
    expect(value("Clip gradient norm")).toBe("1");
    expect(value("Early stopping patience")).toBe("none");
    expect(value("Batch size")).toBe("8");
    expect(read.some((s) => s.setting === "Layers" || s.setting === "Design")).toBe(false);
  });

  it("says whether early stopping keeps the best epoch's weights, only where it is on", () => {
    const kept = (training: Partial<TrainingSettings>) => runSettings(run(training)).find((s) => s.setting === "Keep the best epoch's weights")?.value;
    expect(kept({})).toBe("—");
    expect(kept({ early_stopping_patience: 3 })).toBe("yes"); // a run from before the setting: on
    expect(kept({ early_stopping_patience: 3, restore_best_weights: false })).toBe("no");
  });
});

describe("runSettings of a dataset that is not a 2-D set", () => {
  const names = (read: { setting: string }[]) => read.map((s) => s.setting);

  it("leaves out the options only a 2-D set takes", () => {
    const digits = run({ dataset: "digits" });
    expect(names(runSettings(digits, false))).not.toContain("Noise %");
    expect(names(runSettings(digits, false))).not.toContain("Training share %");
    expect(names(runSettings(digits, false))).not.toContain("Features");
    expect(names(runSettings(digits, false))).toContain("Dataset");
  });

  it("keeps them for a 2-D set, and for a run that set one", () => {
    expect(names(runSettings(run(), true))).toEqual(expect.arrayContaining(["Noise %", "Training share %", "Features"]));
    const set = runSettings(run({ dataset_options: { noise: 20 } }), false);
    expect(set.find((s) => s.setting === "Noise %")?.value).toBe("20");
  });
});

describe("runSettings of a learning-rate range test", () => {
  it("says the rates it rose through, not the editor's rate and epochs it never trained with", () => {
    const test = run({ lr: 0.001, epochs: 4, range_test: { start_lr: 1e-7, end_lr: 10, steps: 100 } });
    const value = (setting: string) => runSettings(test).find((s) => s.setting === setting)?.value;
    expect(value("Learning rate")).toBe("1e-7 → 10 over 100 steps (a range test)");
    expect(value("Epochs")).toBe("—");
    expect(runSettings(run()).find((s) => s.setting === "Learning rate")?.value).toBe("0.01");
  });
});
