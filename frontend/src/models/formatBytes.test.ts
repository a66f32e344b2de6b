import { describe, expect, it } from "vitest";
import { formatBytes } from "./formatBytes";

describe("formatBytes", () => {
  it("reads as people write sizes", () => {
    expect(formatBytes(812)).toBe("812 B");
    expect(formatBytes(9_450)).toBe("9.4 KB");
    expect(formatBytes(11_400)).toBe("11 KB");
    expect(formatBytes(250_000)).toBe("250 KB");
    expect(formatBytes(3_200_000)).toBe("3.2 MB");
  });
});
