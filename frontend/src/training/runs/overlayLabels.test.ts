import { describe, expect, it } from "vitest";
import type { RunInfo } from "../../api/types";
import { overlayLabels } from "./overlayLabels";

const run = (id: string, name: string, optimizer: string, lr: number) =>
  ({ id, name, design: { name: "net" }, training: { optimizer, lr } }) as unknown as RunInfo;

describe("overlayLabels", () => {
  it("names each run by its name and id, with its optimizer and rate where they differ", () => {
    const runs = [run("aaaaaa11", "net", "Adam", 0.05), run("bbbbbb22", "net", "Adam", 0.001)];
    expect(overlayLabels(runs)).toEqual(["net · aaaaaa · Adam lr 0.05", "net · bbbbbb · Adam lr 0.001"]);
  });

  it("leaves out the optimizer and rate that every compared run shares, so the names fit", () => {
    const runs = [run("aaaaaa11", "lenet-digits (fine-tuned)", "Adam", 0.001), run("bbbbbb22", "lenet-digits", "Adam", 0.001)];
    expect(overlayLabels(runs)).toEqual(["lenet-digits (fine-tuned) · aaaaaa", "lenet-digits · bbbbbb"]);
  });

  it("keeps them for one run alone, where nothing is compared", () => {
    expect(overlayLabels([run("aaaaaa11", "net", "SGD", 0.1)])).toEqual(["net · aaaaaa · SGD lr 0.1"]);
  });

  it("cuts a long name in its middle, keeping its end and the id that tell runs apart", () => {
    const long = "experiments/lr0.01_batch64_adam_lr0.01_batch64_adam_final";
    const [label] = overlayLabels([run("aaaaaa11", long, "Adam", 0.01), run("bbbbbb22", "net", "Adam", 0.01)]);
    expect(label).toBe("experiments/lr0.…ch64_adam_final · aaaaaa");
    expect([...label!.split(" · ")[0]!].length).toBe(32);
  });

  it("says the rate a Continue set beside the one a run began with", () => {
    const continued = { ...run("aaaaaa11", "net", "Adam", 0.001), lr_changes: [{ epoch: 9, step: 80, lr: 0.05 }] } as unknown as RunInfo;
    expect(overlayLabels([continued, run("bbbbbb22", "net", "Adam", 0.001)])).toEqual(["net · aaaaaa · Adam lr 0.001 → 0.05", "net · bbbbbb · Adam lr 0.001"]);
  });
});
