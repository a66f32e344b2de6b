import { describe, expect, it } from "vitest";
import { formatBytes } from "./formatBytes";

describe("formatBytes", () => {
  it("reads in binary units, a decimal below 10", () => {
    expect(formatBytes(812)).toBe("812 B");
    expect(formatBytes(9_450)).toBe("9.2 KiB");
    expect(formatBytes(559_104)).toBe("546 KiB");
    expect(formatBytes(3_200_000)).toBe("3.1 MiB");
    expect(formatBytes(200 * 2 ** 20)).toBe("200 MiB");
    expect(formatBytes(5 * 2 ** 30)).toBe("5.0 GiB");
  });

  it("never says 1024 of a unit", () => {
    expect(formatBytes(1024 * 1024 - 100)).toBe("1.0 MiB");
    expect(formatBytes(10.2 * 1024 - 1)).toBe("10 KiB");
  });
});
