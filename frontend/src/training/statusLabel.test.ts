import { describe, expect, it } from "vitest";
import { statusLabel } from "./statusLabel";

describe("statusLabel", () => {
  it("reads a run stopped after it trained as stopped", () => {
    expect(statusLabel("cancelled", 491)).toBe("stopped");
  });
  it("reads a run stopped before its first step as cancelled", () => {
    expect(statusLabel("cancelled", 0)).toBe("cancelled");
  });
  it("leaves the other statuses as the API says them", () => {
    expect(statusLabel("succeeded", 920)).toBe("succeeded");
    expect(statusLabel("running", 12)).toBe("running");
  });
});
