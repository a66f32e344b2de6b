import { describe, expect, it } from "vitest";
import { formatWhen } from "./when";

describe("formatWhen", () => {
  const now = new Date(2026, 10, 30, 15, 0, 0);
  const at = (...parts: [number, number, number, number, number, number]) => new Date(...parts).getTime() / 1000;

  it("writes today's moment as a clock, to the second", () => {
    expect(formatWhen(at(2026, 10, 30, 14, 5, 9), now)).toBe("14:05:09");
  });

  it("writes another day with its date, and another year with its year", () => {
    expect(formatWhen(at(2026, 10, 2, 9, 7, 0), now)).toBe("2 Nov, 09:07");
    expect(formatWhen(at(2027, 0, 3, 18, 30, 0), now)).toBe("3 Jan 2027, 18:30");
  });

  it("writes nothing known as a dash", () => {
    expect(formatWhen(null)).toBe("—");
    expect(formatWhen(undefined)).toBe("—");
  });
});
