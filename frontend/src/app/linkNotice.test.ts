import { describe, expect, it } from "vitest";
import type { Design } from "../api/types";
import { linkNotice } from "./linkNotice";

const design = (name: string, layers: Design["layers"]): Design => ({ version: 1, name, input_shape: [1, 8, 8], layers });
const lenet = design("lenet-digits", [{ id: "flat", type: "Flatten" }, { id: "fc", type: "Linear", params: { out_features: 10 } }]);

describe("linkNotice", () => {
  it("says the user's own design is one Undo away", () => {
    const own = design("my homework net", [{ id: "flat", type: "Flatten" }]);
    expect(linkNotice(lenet, own, null)).toBe("Opened lenet-digits from a link; your design “my homework net” is one Undo away.");
    expect(linkNotice(lenet, own, "The design trains on Iris.")).toBe(
      "Opened lenet-digits from a link; your design “my homework net” is one Undo away. The design trains on Iris.",
    );
  });

  it("says nothing of an empty design, or of the same design opened again", () => {
    expect(linkNotice(lenet, design("design-1", []), null)).toBeNull();
    expect(linkNotice(lenet, lenet, "placed")).toBe("placed");
  });

  it("names the challenge a Start opened, which was no link the person saw", () => {
    const own = design("network 1", [{ id: "flat", type: "Flatten" }]);
    expect(linkNotice(lenet, own, null, "Two spirals")).toBe("Opened the challenge “Two spirals”; your design “network 1” is one Undo away.");
  });
});
