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
});
