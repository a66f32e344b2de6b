import { describe, expect, it } from "vitest";
import { nextVersionName } from "./draftStore";

describe("nextVersionName", () => {
  it("numbers a made dataset's next version", () => {
    expect(nextVersionName("shapes")).toBe("shapes 2");
    expect(nextVersionName(" shapes 2 ")).toBe("shapes 3");
    expect(nextVersionName("hand signs 9")).toBe("hand signs 10");
  });
  it("takes a name that is only a number as a name", () => {
    expect(nextVersionName("2024")).toBe("2024 2");
  });
});
