import { describe, expect, it } from "vitest";
import { guessTarget, pictureWords, UPLOAD_DEFAULTS, uploadForm } from "./uploadForm";

describe("guessTarget", () => {
  it("takes a column named label, target, class or y, whatever its case or place", () => {
    expect(guessTarget(["Label", "a", "b"])).toBe("Label");
    expect(guessTarget(["a", "target", "b"])).toBe("target");
    expect(guessTarget(["a", "Class", "b"])).toBe("Class");
    expect(guessTarget(["y", "x1", "x2"])).toBe("y");
  });

  it("prefers label to the others, and takes the last column when none is named so", () => {
    expect(guessTarget(["y", "label", "x"])).toBe("label");
    expect(guessTarget(["f1", "species", "f2"])).toBe("f2");
    expect(guessTarget([])).toBe("");
  });
});

describe("a ZIP's pictures", () => {
  it("start colour and 32×32, as Make an image dataset makes them, and read as the server says", () => {
    expect([UPLOAD_DEFAULTS.imageSize, UPLOAD_DEFAULTS.color]).toEqual([32, "rgb"]);
    expect(pictureWords(3, 32, 32)).toBe("colour, 32×32");
    expect(pictureWords(1, 28, 28)).toBe("grey, 28×28");
  });
});

describe("the form an upload sends", () => {
  const choices = { ...UPLOAD_DEFAULTS, target: "label", drop: ["id", "weight, kg"] };

  it("repeats drop once for each column a CSV leaves out", () => {
    const form = uploadForm(new File(["id,label\n"], "shop.csv"), choices);
    expect(form.getAll("drop")).toEqual(["id", "weight, kg"]);
    expect(form.get("target")).toBe("label");
  });

  it("sends no column choice with a ZIP or an NPZ", () => {
    const form = uploadForm(new File([""], "shapes.zip"), { ...choices, dropMissing: true });
    expect([form.getAll("drop"), form.get("target"), form.get("missing")]).toEqual([[], null, null]);
  });

  it("asks a CSV's rows with a missing value left out only when ticked", () => {
    const csv = new File(["id,label\n"], "shop.csv");
    expect(uploadForm(csv, choices).get("missing")).toBeNull(); // the server's default: refused
    expect(uploadForm(csv, { ...choices, dropMissing: true }).get("missing")).toBe("drop");
  });

  it("numbers a ZIP's classes in the order given, once each, and a CSV's not at all", () => {
    const order = { ...choices, classOrder: ["zebra", "apple"] };
    expect(uploadForm(new File([""], "shapes.zip"), order).getAll("class_order")).toEqual(["zebra", "apple"]);
    expect(uploadForm(new File(["id,label\n"], "shop.csv"), order).getAll("class_order")).toEqual([]);
    expect(uploadForm(new File([""], "shapes.zip"), choices).getAll("class_order")).toEqual([]);
  });
});
