import { describe, expect, it } from "vitest";
import type { ManyAnswer, ManyItem } from "../../api/types";
import { manyCsv } from "./manyCsv";

const item = (over: Partial<ManyItem>): ManyItem => ({ name: "a.png", top: null, values: null, label: null, value: null, correct: null, problem: null, ...over });
const answer = (items: ManyItem[], classes: string[] | null, id_column: string | null = null): ManyAnswer => ({ items, id_column, classes, answered: 0, labelled: 0, accuracy: null, confusion: null, mae: null, rmse: null });

describe("manyCsv", () => {
  it("writes each item's top classes, label and whether it was right, quoting what needs it", () => {
    const top = [
      { name: "cat", probability: 0.75 },
      { name: "dog", probability: 0.25 },
    ];
    const text = manyCsv(answer([item({ name: 'cats/"1",a.png', top, label: "cat", correct: true }), item({ name: "b.png", problem: "Not a picture." })], ["cat", "dog"]));
    expect(text.split("\n")).toEqual([
      "item,label,class_1,probability_1,class_2,probability_2,class_3,probability_3,correct,problem",
      '"cats/""1"",a.png",cat,cat,0.75,dog,0.25,,,true,',
      "b.png,,,,,,,,,Not a picture.",
      "",
    ]);
  });

  it("writes a regression's values beside the true ones", () => {
    expect(manyCsv(answer([item({ name: "line 2", value: 3, values: [2.5] })], null))).toBe("item,true_value,predicted,problem\nline 2,3,2.5,\n");
  });

  it("names the first column after the CSV's ID column that named the rows", () => {
    const rows = [item({ name: "P-7", value: 3, values: [2.5] }), item({ name: "line 3", value: 1, values: [1.5] })];
    expect(manyCsv(answer(rows, null, "passenger_id"))).toBe("passenger_id,true_value,predicted,problem\nP-7,3,2.5,\nline 3,1,1.5,\n");
  });
  it("writes class names a spreadsheet would run as formulas as text, and numbers as numbers", () => {
    const top = [
      { name: "=HYPERLINK(\"http://evil.example\")", probability: 0.5 },
      { name: " +SUM(1,2)", probability: 0.3 },
      { name: "@evil", probability: 0.2 },
    ];
    const [, row] = manyCsv(answer([item({ name: "-x", top, label: "\tcat" })], ["a"])).split("\n");
    expect(row).toBe(`'-x,'\tcat,"'=HYPERLINK(""http://evil.example"")",0.5,"' +SUM(1,2)",0.3,'@evil,0.2,,`);
    const values = manyCsv(answer([item({ name: "line 2", value: -3, values: [-2.5, 1e-7] })], null));
    expect(values).toBe("item,true_value,predicted,problem\nline 2,-3,-2.5 1e-7,\n");
  });
});
