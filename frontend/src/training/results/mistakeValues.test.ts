import { describe, expect, it } from "vitest";
import { sampleValues, valueText } from "./mistakeValues";

describe("a misclassified sample's values", () => {
  it("are each named by its column, where the dataset names them", () => {
    expect(sampleValues([19, 9180.38, 12], ["age", "income", "visits"])).toEqual({
      shown: ["age\u00a0=\u00a019", "income\u00a0=\u00a09180.38", "visits\u00a0=\u00a012"],
      more: 0,
      named: true,
    });
  });

  it("are bare where there are no names, or names that do not fit the sample", () => {
    expect(sampleValues([0.5, -1.25], null).shown).toEqual(["0.5", "-1.25"]);
    expect(sampleValues([0.5, -1.25], ["only one"]).shown).toEqual(["0.5", "-1.25"]);
  });

  it("are the first six, saying how many more there are", () => {
    const names = Array.from({ length: 9 }, (_, i) => `f${i}`);
    const values = sampleValues(Array.from({ length: 9 }, (_, i) => i), names);
    expect(values.shown).toHaveLength(6);
    expect(values.more).toBe(3);
  });

  it("read short: whole numbers whole, two decimals, two figures when tiny", () => {
    expect([19, 9180.384, 0.5, 0.000123, -3.14159].map(valueText)).toEqual(["19", "9180.38", "0.5", "0.00012", "-3.14"]);
  });
});
