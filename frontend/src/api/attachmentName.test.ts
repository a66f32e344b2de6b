import { describe, expect, it } from "vitest";
import { attachmentName } from "./attachmentName";

describe("attachmentName", () => {
  it("reads a quoted or a bare name", () => {
    expect(attachmentName('attachment; filename="shapes.zip"')).toBe("shapes.zip");
    expect(attachmentName("attachment; filename=plain.zip")).toBe("plain.zip");
  });
  it("reads an encoded name first, whatever the charset's case", () => {
    expect(attachmentName("attachment; filename*=utf-8''form%C3%A9s%20v2.zip")).toBe("formés v2.zip");
    expect(attachmentName(`attachment; filename="net.onnx"; filename*=UTF-8''r%C3%A9seau.onnx`)).toBe("réseau.onnx");
  });
  it("gives null for no header, no name, or a name that does not decode", () => {
    expect(attachmentName(null)).toBeNull();
    expect(attachmentName("attachment")).toBeNull();
    expect(attachmentName("attachment; filename*=utf-8''%E0%A4%A")).toBeNull();
  });
});
