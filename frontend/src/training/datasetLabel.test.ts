import { describe, expect, it } from "vitest";
import { datasetLabels, sharedTitleIds } from "./datasetLabel";

describe("datasetLabels", () => {
  it("keeps a title no other dataset has", () => {
    const labels = datasetLabels([
      { name: "digits", title: "Digits (8×8)" },
      { name: "upload-0123456789ab", title: "shapes.zip" },
    ]);
    expect([...labels.values()]).toEqual(["Digits (8×8)", "shapes.zip"]);
  });

  it("adds the id's start where two uploads share a title", () => {
    const labels = datasetLabels([
      { name: "upload-3f9a0c112233", title: "shapes.zip" },
      { name: "upload-b71e22445566", title: "shapes.zip" },
      { name: "upload-cccccc000000", title: "other.csv" },
    ]);
    expect(labels.get("upload-3f9a0c112233")).toBe("shapes.zip · 3f9a0c");
    expect(labels.get("upload-b71e22445566")).toBe("shapes.zip · b71e22");
    expect(labels.get("upload-cccccc000000")).toBe("other.csv");
  });

  it("names a CSV's target where uploads of one title have other targets", () => {
    const csv = (name: string, target: string | null) => ({ name, title: "wine.csv", standardisation: { features: [], mean: [], std: [], missing_rows: 0, target } });
    const labels = datasetLabels([csv("upload-3f9a0c112233", "quality"), csv("upload-b71e22445566", "alcohol"), csv("upload-cccccc000000", "alcohol")]);
    expect(labels.get("upload-3f9a0c112233")).toBe("wine.csv (target: quality) · 3f9a0c");
    expect(labels.get("upload-b71e22445566")).toBe("wine.csv (target: alcohol) · b71e22");
    expect(labels.get("upload-cccccc000000")).toBe("wine.csv (target: alcohol) · cccccc");
    // One target for all: the ids alone tell them apart.
    const same = datasetLabels([csv("upload-3f9a0c112233", "quality"), csv("upload-b71e22445566", "quality")]);
    expect(same.get("upload-3f9a0c112233")).toBe("wine.csv · 3f9a0c");
  });

  it("counts one dataset named twice once", () => {
    const ids = sharedTitleIds([
      { name: "upload-3f9a0c112233", title: "machines.csv" },
      { name: "upload-3f9a0c112233", title: "machines.csv" },
      { name: "upload-b71e22445566", title: "machines, cleaned" },
    ]);
    expect(ids.get("upload-3f9a0c112233")).toBe("");
    expect(ids.get("upload-b71e22445566")).toBe("");
  });
});
