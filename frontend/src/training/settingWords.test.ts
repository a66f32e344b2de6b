import { describe, expect, it } from "vitest";
import { errorLine, errorText, settingWords } from "./settingWords";

describe("settingWords", () => {
  it("names a setting as its field's label", () => {
    expect(settingWords("training.dataset")).toBe("Dataset");
    expect(settingWords("training.lr")).toBe("Learning rate");
    expect(settingWords("training.optimizer_params.momentum")).toBe("Optimizer: momentum");
    expect(settingWords("training.augmentations.RandomCrop.padding")).toBe("Augmentation: RandomCrop padding");
    expect(settingWords("training.new_thing")).toBe("New thing");
    expect(settingWords("design.name")).toBe("Design name");
    expect(settingWords("design.edges")).toBeNull();
  });
});

describe("errorLine", () => {
  it("says a refused dataset in words, keeping the message whole", () => {
    const e = { node: null, field: "training.dataset", message: "`cifar10` is not on this server yet." };
    expect(errorLine(e)).toEqual({ lead: "Dataset", text: "`cifar10` is not on this server yet." });
  });
  it("takes off the message's own path and says it in words", () => {
    const e = { node: null, field: "training.epochs", message: "training.epochs: 5000 is over the most, 1000." };
    expect(errorText(e)).toBe("Epochs: 5000 is over the most, 1000.");
  });
  it("keeps a layer's lead, and a design path as sent", () => {
    expect(errorLine({ node: "fc1", field: "out_features", message: "Set it to 3." })).toEqual({ lead: "fc1.out_features", text: "Set it to 3." });
    expect(errorLine({ node: null, field: "design.edges", message: "design.edges: too many." })).toEqual({ lead: null, text: "design.edges: too many." });
    expect(errorText({ node: null, field: "design.name", message: "design.name: has U+202E." })).toBe("Design name: has U+202E.");
    expect(errorText({ node: null, field: null, message: "The server is busy: try again." })).toBe("The server is busy: try again.");
  });
});
