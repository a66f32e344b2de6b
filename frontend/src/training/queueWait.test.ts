import { describe, expect, it } from "vitest";
import { queueWaitText } from "./queueWait";

describe("queueWaitText", () => {
  it("says the wait in minutes, and when it is not known yet", () => {
    expect(queueWaitText(null)).toBe("unknown yet");
    expect(queueWaitText(0)).toBe("under a minute");
    expect(queueWaitText(44)).toBe("under a minute");
    expect(queueWaitText(50)).toBe("about 1 min");
    expect(queueWaitText(150)).toBe("about 3 min");
    expect(queueWaitText(3600)).toBe("about 60 min");
  });
});
