import { describe, expect, it } from "vitest";
import { predictedWhat, valueText } from "./valueText";

describe("valueText", () => {
  it("groups thousands and keeps five significant digits", () => {
    expect(valueText(200250)).toBe("200,250");
    expect(valueText(152.3449)).toBe("152.34");
    expect(valueText(-1234.567)).toBe("-1,234.6");
    expect(valueText(0.00123456)).toBe("0.0012346");
    expect(valueText(0)).toBe("0");
    expect(valueText(-0)).toBe("0");
  });
  it("takes an exponent where grouping would run long or a small value lose its digits", () => {
    expect(valueText(50908000000)).toBe("5.0908e+10");
    expect(valueText(1.2e-7)).toBe("1.2e-7");
    expect(valueText(-3e12)).toBe("-3e+12");
  });
});

describe("predictedWhat", () => {
  it("names one value by its target column where the dataset names it", () => {
    expect(predictedWhat(1, "price")).toBe("price");
    expect(predictedWhat(1, null)).toBe("value");
    expect(predictedWhat(1, "")).toBe("value");
    expect(predictedWhat(3, "price")).toBe("values");
  });
});
