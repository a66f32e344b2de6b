import { describe, expect, it } from "vitest";
import { attachmentName, datasetFileUrl } from "./datasetFile";

describe("attachmentName", () => {
  it("reads a quoted name", () => {
    expect(attachmentName('attachment; filename="shapes.zip"')).toBe("shapes.zip");
  });
  it("reads an encoded name first", () => {
    expect(attachmentName("attachment; filename*=utf-8''form%C3%A9s%20v2.zip")).toBe("formés v2.zip");
  });
  it("gives null for no header or no name", () => {
    expect(attachmentName(null)).toBeNull();
    expect(attachmentName("attachment")).toBeNull();
    expect(attachmentName("attachment; filename*=utf-8''%E0%A4%A")).toBeNull();
  });
});

describe("datasetFileUrl", () => {
  it("escapes the id", () => {
    expect(datasetFileUrl("upload-0123456789ab")).toBe("/api/datasets/upload-0123456789ab/file");
    expect(datasetFileUrl("a/b")).toBe("/api/datasets/a%2Fb/file");
  });
});
