import { describe, expect, it } from "vitest";
import { designSaid } from "./designSaid";

describe("designSaid", () => {
  it("says nothing before the design is first checked", () => {
    expect(designSaid(null)).toBe("");
  });
  it("says there are none", () => {
    expect(designSaid([])).toBe("No errors in the design.");
  });
  it("counts each message once and says the first", () => {
    const twice = { node: "fc1", field: "in_features", message: "Linear `fc1`: expects 784 inputs" };
    const other = { node: null, field: "layers", message: "The output does not fit the loss" };
    expect(designSaid([twice, twice, other])).toBe("2 errors in the design. First: Linear `fc1`: expects 784 inputs");
    expect(designSaid([other])).toBe("1 error in the design. First: The output does not fit the loss");
  });
});
