import { describe, expect, it } from "vitest";
import { READING, uploadProgressText } from "./uploadProgress";

describe("uploadProgressText", () => {
  it("says the share sent, rounded down, and the sizes", () => {
    expect(uploadProgressText(0, 10 * 2 ** 20)).toBe("Uploading… 0% (0 B of 10 MiB)");
    expect(uploadProgressText(4.4 * 2 ** 20, 10 * 2 ** 20)).toBe("Uploading… 44% (4.4 MiB of 10 MiB)");
    expect(uploadProgressText(2 ** 20 - 1, 2 ** 20)).toBe("Uploading… 99% (1.0 MiB of 1.0 MiB)");
  });
  it("says the server reads the file once the whole body has gone", () => {
    expect(uploadProgressText(2 ** 20, 2 ** 20)).toBe(READING);
  });
  it("says nothing sent before the size is known", () => {
    expect(uploadProgressText(0, 0)).toBe("Uploading… 0% (0 B of 0 B)");
  });
});
