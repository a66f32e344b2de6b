import { describe, expect, it } from "vitest";
import type { Catalog, TrainingSettings } from "../../api/types";
import { NO_SWEEP, mostValues, readValues, savedSweep, sweepFields, sweepGroup, sweepRunName, sweptSettings, valueText, type SweepField } from "./sweepValues";

const catalog = {
  setting_bounds: {
    lr: { integer: false, min: 0, min_exclusive: true, max: 10, max_exclusive: false },
    batch_size: { integer: true, min: 1, min_exclusive: false, max: 4096, max_exclusive: false },
    seed: { integer: true, min: 0, min_exclusive: false, max: 4294967295, max_exclusive: false },
  },
  optimizers: [
    { name: "Adam", params: [{ name: "weight_decay", kind: "float", min: 0, max: 1 }] },
    { name: "Rprop", params: [] },
  ],
} as unknown as Catalog;

const field = (key: string): SweepField => sweepFields(catalog, "Adam").find((f) => f.key === key)!;
const ten = mostValues(20);

describe("readValues", () => {
  it("reads values split by commas, spaces or semicolons", () => {
    expect(readValues("1e-3, 3e-3,1e-2", field("lr"), ten)).toEqual({ values: [0.001, 0.003, 0.01], problem: null });
    expect(readValues(" 16 64;256 ", field("batch_size"), ten).values).toEqual([16, 64, 256]);
  });

  it("checks each value against the setting's own bounds, with its message", () => {
    expect(readValues("1e-3, 0", field("lr"), ten).problem).toBe("0 is too small; use a number above 0, at most 10.");
    expect(readValues("1e-3, 20", field("lr"), ten).problem).toBe("20 is too large; use a number above 0, at most 10.");
    expect(readValues("16, 6.5", field("batch_size"), ten).problem).toBe("6.5 is not a whole number; use a whole number from 1 to 4,096.");
    expect(readValues("1e-3, fast", field("lr"), ten).problem).toBe("fast is not a number; use a number above 0, at most 10.");
    expect(readValues("0, 2", field("weight_decay"), ten).problem).toBe("2 is too large; use a number from 0 to 1.");
  });

  it("wants two or more values, each once", () => {
    expect(readValues("1e-3", field("lr"), ten).problem).toBe("Enter two or more values, separated by commas, each a number above 0, at most 10.");
    expect(readValues("", field("seed"), ten).problem).toMatch(/^Enter two or more values/);
    expect(readValues("1e-3, 0.001", field("lr"), ten).problem).toBe("0.001 is listed twice; each value trains one run, so give each once.");
  });

  it("takes at most the values the server's active-run quota allows, and says so", () => {
    const eleven = Array.from({ length: 11 }, (_, i) => i).join(",");
    expect(readValues(eleven, field("seed"), ten).problem).toBe("11 values are too many: at most 10 runs are compared at once. Give at most 10.");
    expect(readValues("0, 1, 2", field("seed"), mostValues(2)).problem).toBe(
      "3 values are too many: this server lets you have 2 runs queued, running or paused at once (TORCHCANVAS_MAX_ACTIVE_RUNS). Give at most 2.",
    );
    expect(readValues("0, 1", field("seed"), mostValues(2)).problem).toBeNull();
  });
});

describe("sweepFields", () => {
  it("offers weight decay only where the optimizer has it", () => {
    expect(sweepFields(catalog, "Adam").map((f) => f.key)).toEqual(["lr", "batch_size", "seed", "weight_decay"]);
    expect(sweepFields(catalog, "Rprop").map((f) => f.key)).toEqual(["lr", "batch_size", "seed"]);
  });

  it("has presets that pass their own bounds", () => {
    for (const f of sweepFields(catalog, "Adam")) for (const preset of f.presets) expect(readValues(preset, f, ten).problem).toBeNull();
  });
});

describe("each run of a sweep", () => {
  const settings = { lr: 0.001, batch_size: 64, seed: 0, optimizer_params: { betas: [0.9, 0.99] } } as unknown as TrainingSettings;

  it("is named by its value, small rates in powers of ten", () => {
    expect([0.003, 0.0001, 0.025, 0.1, 64].map(valueText)).toEqual(["3e-3", "1e-4", "2.5e-2", "0.1", "64"]);
    expect(sweepRunName("my-network", "lr", 0.003)).toBe("my-network lr=3e-3");
  });

  it("changes the swept setting alone", () => {
    expect(sweptSettings(settings, "batch_size", 16)).toEqual({ ...settings, batch_size: 16 });
    expect(sweptSettings(settings, "weight_decay", 0.01).optimizer_params).toEqual({ betas: [0.9, 0.99], weight_decay: 0.01 });
    expect(settings.optimizer_params).toEqual({ betas: [0.9, 0.99] });
  });
});

describe("savedSweep", () => {
  it("reads back a kept sweep, and none from what does not read as one", () => {
    expect(savedSweep({ on: true, key: "batch_size", text: "16, 64" })).toEqual({ on: true, key: "batch_size", text: "16, 64" });
    expect(savedSweep(undefined)).toEqual(NO_SWEEP);
    expect(savedSweep({ on: true, key: "epochs", text: "1, 2" })).toEqual(NO_SWEEP);
    expect(savedSweep({ on: "yes", key: "lr", text: "" })).toEqual(NO_SWEEP);
  });
});

describe("a sweep's group", () => {
  it("is read by a person: the design, the setting, the day and the second it started", () => {
    expect(sweepGroup("resblock", "lr", new Date(2026, 11, 3, 13, 45, 1))).toBe("resblock lr sweep 3 Dec 13:45:01");
  });
});
