import { describe, expect, it } from "vitest";
import { attachmentName } from "./DownloadLink";

describe("attachmentName", () => {
  it("reads the name a Content-Disposition header gives, encoded or plain", () => {
    expect(attachmentName(`attachment; filename="net.onnx"`, "model.onnx")).toBe("net.onnx");
    expect(attachmentName(`attachment; filename*=UTF-8''r%C3%A9seau.onnx`, "model.onnx")).toBe("réseau.onnx");
    expect(attachmentName("attachment; filename=plain.zip", "bundle.zip")).toBe("plain.zip");
  });

  it("falls back to the file's own name", () => {
    expect(attachmentName(null, "model.onnx")).toBe("model.onnx");
    expect(attachmentName("attachment", "bundle.zip")).toBe("bundle.zip");
  });
});
