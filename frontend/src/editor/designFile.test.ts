import { describe, expect, it } from "vitest";
import { datasetFileText, parseDesign } from "./designFile";

describe("parseDesign", () => {
  it("says a dataset's file is one, and which button takes it", () => {
    for (const name of ["iris.csv", "digits.NPZ", "flowers.zip", "cat.jpeg", "seven.png"])
      expect(() => parseDesign("student_id,height\n1,2\n", name)).toThrow(
        `${name} is a dataset, not a design: use Upload dataset, under Training, to train on it.`,
      );
  });

  it("reads a design file, and says what is wrong with a JSON one", () => {
    expect(datasetFileText("net.json")).toBeNull();
    const design = parseDesign('{"version": 1, "input_shape": [1, 8, 8], "layers": []}', "net.json");
    expect(design).toEqual({ version: 1, name: "net", input_shape: [1, 8, 8], layers: [] });
    expect(() => parseDesign("student_id,height", "notes.json")).toThrow(/^notes\.json is not valid JSON/);
  });
});
