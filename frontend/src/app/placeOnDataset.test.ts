import { describe, expect, it } from "vitest";
import type { DatasetSpec, Design } from "../api/types";
import { placeOnDataset } from "./placeOnDataset";

const dataset = (name: string, title: string, sample_shape: number[]): DatasetSpec => ({
  name, title, help: "", task: "classification", sample_shape, target_shape: [], classes: ["a", "b"],
  train_size: 10, val_size: 2, source: "builtin", available: true,
});
const digits = dataset("digits", "Handwritten digits (8×8)", [1, 8, 8]);
const wine = dataset("wine", "Wine", [13]);
const datasets = [digits, wine];
const design = (input_shape: number[]): Design => ({ version: 1, name: "d", input_shape, layers: [] });

describe("placeOnDataset", () => {
  it("keeps a design that fits the current dataset as it is", () => {
    expect(placeOnDataset(design([1, 8, 8]), datasets, digits)).toEqual({ design: design([1, 8, 8]), dataset: digits, notice: null });
  });

  it("moves to the dataset whose samples fit, and says so", () => {
    const placed = placeOnDataset(design([13]), datasets, digits);
    expect(placed.dataset).toBe(wine);
    expect(placed.notice).toBe("The design trains on Wine, whose samples are (13) like its input.");
  });

  it("gives a shape no dataset has the current dataset's, and says so", () => {
    const placed = placeOnDataset(design([5]), datasets, digits);
    expect(placed.dataset).toBe(digits);
    expect(placed.design.input_shape).toEqual([1, 8, 8]);
    expect(placed.notice).toBe(
      "The design's input was (5), but no dataset here has samples of (5): it now takes Handwritten digits (8×8)'s (1, 8, 8). Check its first layers, or upload a dataset whose samples are (5) to train it as it was.",
    );
  });

  it("opens on the named dataset when it is here, its shape winning", () => {
    expect(placeOnDataset(design([13]), datasets, wine, "digits").design.input_shape).toEqual([1, 8, 8]);
    expect(placeOnDataset(design([1, 8, 8]), datasets, wine, "digits")).toEqual({ design: design([1, 8, 8]), dataset: digits, notice: null });
  });

  it("says when the named dataset is gone", () => {
    const placed = placeOnDataset(design([7]), datasets, digits, "cifar10");
    expect(placed.design.input_shape).toEqual([1, 8, 8]);
    expect(placed.notice).toBe(
      "The dataset `cifar10` is not here any more. The design's input was (7), but no dataset here has samples of (7): it now takes Handwritten digits (8×8)'s (1, 8, 8). Check its first layers.",
    );
  });

  it("names an upload this browser does not have by its file, and says how to train on it", () => {
    // Another browser's upload (a share link's Open in editor), or one deleted since.
    expect(placeOnDataset(design([7]), datasets, digits, "upload-3f2a", "flowers.csv").notice).toBe(
      "The dataset `flowers.csv` is not among this browser's uploads (an upload stays with the browser that made it, until deleted): upload the file here to train on it. The design's input was (7), but no dataset here has samples of (7): it now takes Handwritten digits (8×8)'s (1, 8, 8). Check its first layers.",
    );
    expect(placeOnDataset(design([1, 8, 8]), datasets, digits, "upload-3f2a").notice).toBe(
      "The dataset `upload-3f2a` is not among this browser's uploads (an upload stays with the browser that made it, until deleted): upload the file here to train on it. The design trains on Handwritten digits (8×8), whose samples are (1, 8, 8) like its input.",
    );
  });
});
