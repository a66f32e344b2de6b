import { describe, expect, it } from "vitest";
import { pageTitle } from "./pageTitle";

describe("pageTitle", () => {
  it("names the page's subject first, then the page, then the app", () => {
    expect(pageTitle("digits-cnn", "Run")).toBe("digits-cnn · Run · TorchCanvas");
    expect(pageTitle("Runs")).toBe("Runs · TorchCanvas");
  });

  it("leaves out what is not known yet", () => {
    expect(pageTitle(null, "Model")).toBe("Model · TorchCanvas");
    expect(pageTitle("  ", undefined)).toBe("TorchCanvas");
  });
});
