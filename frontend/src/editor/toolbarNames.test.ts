import { describe, expect, it } from "vitest";
import { buttonNames } from "./EditorToolbar";

describe("what Duplicate and Delete say", () => {
  it("names the layers they act on while the names are short", () => {
    expect(buttonNames([], "open")).toBe("");
    expect(buttonNames(["fc1"], "open")).toBe(" fc1");
    expect(buttonNames(["conv1", "flat"], "open")).toBe(" conv1, flat");
    expect(buttonNames(["conv2", "act2", "conv3"], "open")).toBe(" conv2, act2, conv3");
  });

  it("counts them, or cuts a long name, where they would not fit", () => {
    expect(buttonNames(["conv1", "conv2", "conv3", "conv4"], "open")).toBe(" 4 open layers");
    expect(buttonNames(["a", "b", "c", "d", "e", "f", "g", "h"], "selected")).toBe(" 8 selected layers");
    expect(buttonNames(["a_very_long_layer_name_indeed"], "selected")).toBe(" a_very_long_layer_n…");
  });
});
