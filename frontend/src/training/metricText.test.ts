import { describe, expect, it } from "vitest";
import { metricText } from "./metricText";

describe("metricText", () => {
  it("gives four decimals where they say something", () => {
    expect(metricText(0.27631)).toBe("0.2763");
    expect(metricText(12.5)).toBe("12.5000");
    expect(metricText(0)).toBe("0.0000");
    expect(metricText(0.0123)).toBe("0.0123");
  });
  it("keeps a small loss from reading as zero", () => {
    expect(metricText(2.53e-7)).toBe("2.53e-7");
    expect(metricText(0.00145)).toBe("1.45e-3"); // as the legend beside the card says it, not 0.0014
    expect(metricText(-4.2e-5)).toBe("-4.20e-5");
  });
  it("gives a huge loss an exponent, not fourteen digits and four decimals", () => {
    expect(metricText(31381124301893.8945)).toBe("3.14e+13");
    expect(metricText(-2.5e5)).toBe("-2.50e+5");
    expect(metricText(99999.5)).toBe("99999.5000");
    expect(metricText(Number.POSITIVE_INFINITY)).toBe("Infinity");
  });
  it("says when there is none", () => {
    expect(metricText(null)).toBe("—");
    expect(metricText(undefined)).toBe("—");
    expect(metricText(Number.NaN)).toBe("NaN");
  });
});
