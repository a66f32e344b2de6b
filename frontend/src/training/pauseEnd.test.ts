import { describe, expect, it } from "vitest";
import { countdown, pauseEnd } from "./pauseEnd";

describe("pauseEnd", () => {
  it("counts down in minutes and seconds, never below zero", () => {
    expect(countdown(100)).toBe("1:40");
    expect(countdown(5.2)).toBe("0:06");
    expect(countdown(3723)).toBe("1:02:03");
    expect(countdown(-3)).toBe("0:00");
  });

  it("says the clock time and how long until then", () => {
    const endsAt = new Date(2026, 11, 5, 14, 2, 0).getTime() / 1000;
    expect(pauseEnd(endsAt, (endsAt - 100) * 1000)).toBe("14:02 (in 1:40)");
  });
});
