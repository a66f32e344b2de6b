import { describe, expect, it } from "vitest";
import type { RunInfo } from "../../api/types";
import { unlikeNote, unlikeOf } from "./unlikeRuns";

const run = (loss: string, dataset = "diabetes", dataset_title: string | null = null) => ({ dataset_title, training: { dataset, loss } }) as unknown as RunInfo;

describe("unlikeOf", () => {
  it("names the losses, each once, where the runs differ in them", () => {
    expect(unlikeOf([run("MSELoss"), run("L1Loss"), run("MSELoss"), run("HuberLoss")])).toEqual({ losses: ["MSELoss", "L1Loss", "HuberLoss"], datasets: [] });
    expect(unlikeOf([run("MSELoss"), run("MSELoss")])).toEqual({ losses: [], datasets: [] });
  });

  it("names the datasets by title, an id's start where two uploads share one", () => {
    const runs = [run("MSELoss", "upload-3f9a0c77", "house.csv"), run("MSELoss", "upload-5912ab01", "house.csv"), run("MSELoss")];
    expect(unlikeOf(runs).datasets).toEqual(["house.csv · 3f9a0c", "house.csv · 5912ab", "diabetes"]);
  });
});

describe("unlikeNote", () => {
  it("says nothing of runs alike", () => {
    expect(unlikeNote({ losses: [], datasets: [] }, "These runs", false)).toBeNull();
  });

  it("points a regression to its errors in the target's units, a classifier to its accuracy", () => {
    const unlike = { losses: ["MSELoss", "L1Loss"], datasets: [] };
    expect(unlikeNote(unlike, "These runs", false)).toBe(
      "These runs use different losses (MSELoss, L1Loss): their loss values are on different scales, so compare their errors in the target's units (“Off by … on average” under Predicted against true, on each run's page) rather than these loss curves.",
    );
    expect(unlikeNote(unlike, "This run and the previous one", true)).toBe(
      "This run and the previous one use different losses (MSELoss, L1Loss): their loss values are on different scales, so compare their validation accuracy rather than these loss curves.",
    );
  });

  it("says other datasets are no measure of which run is better, naming the losses too", () => {
    expect(unlikeNote({ losses: ["MSELoss", "BCEWithLogitsLoss"], datasets: ["diabetes", "breast_cancer"] }, "These runs", true)).toBe(
      "These runs train on different datasets (diabetes, breast_cancer) with different losses (MSELoss, BCEWithLogitsLoss): their losses are measured on different targets, on different scales, so these curves show how each run learned, not which run is better.",
    );
  });
});
