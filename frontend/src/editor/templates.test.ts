import { describe, expect, it } from "vitest";
import type { DatasetSpec } from "../api/types";
import { TEMPLATES } from "./templates";

const mlp = TEMPLATES.find((t) => t.name === "mlp")!;
const dataset = (sample_shape: number[]): DatasetSpec =>
  ({ name: "d", title: "D", help: "", task: "classification", sample_shape, target_shape: [], classes: ["a", "b"], train_size: 1, val_size: 1, available: true, source: "builtin" }) as DatasetSpec;

describe("the MLP template", () => {
  it("starts with a Flatten only where the sample is not already a vector", () => {
    expect(mlp.make(dataset([2])).layers[0]!.type).toBe("Linear");
    expect(mlp.make(dataset([1, 8, 8])).layers[0]!.type).toBe("Flatten");
  });
});
