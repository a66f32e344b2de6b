import { describe, expect, it } from "vitest";
import { datasetFileUrl } from "./datasetFile";

describe("datasetFileUrl", () => {
  it("escapes the id", () => {
    expect(datasetFileUrl("upload-0123456789ab")).toBe("/api/datasets/upload-0123456789ab/file");
    expect(datasetFileUrl("a/b")).toBe("/api/datasets/a%2Fb/file");
  });
});
