import { describe, expect, it } from "vitest";
import type { ValidateResponse } from "../api/types";
import { steadyResult } from "./steadyResult";

function answer(nodes: ValidateResponse["nodes"]): ValidateResponse {
  return { valid: true, nodes, total_params: 0, output_shape: null, errors: [], warnings: [] };
}

describe("steadyResult", () => {
  it("keeps the report objects of layers that did not change, and takes the new ones", () => {
    const before = answer({ fc1: { output_shape: [32], params: 2080, macs: 2048 }, act1: { output_shape: [32], params: 0, macs: 0 }, fc2: { output_shape: [10], params: 330, macs: 320 } });
    const after = answer({ fc1: { output_shape: [48], params: 3120, macs: 3072 }, act1: { output_shape: [48], params: 0, macs: 0 }, fc2: { output_shape: [10], params: 490, macs: 480 } });
    const steady = steadyResult(before, after);
    expect(steady.nodes).toEqual(after.nodes);
    expect(steady.nodes.fc1).toBe(after.nodes.fc1);
    expect(steady.nodes.fc2).toBe(after.nodes.fc2); // same shape, more params: a new report

    const again = steadyResult(steady, answer({ fc1: { output_shape: [48], params: 3120, macs: 3072 }, act1: { output_shape: [48], params: 0, macs: 0 }, fc2: { output_shape: [10], params: 490, macs: 480 } }));
    expect(again.nodes.fc1).toBe(steady.nodes.fc1);
    expect(again.nodes.act1).toBe(steady.nodes.act1);
    expect(again.nodes.fc2).toBe(steady.nodes.fc2);
  });

  it("drops the layers the new answer has no report for", () => {
    const before = answer({ a: { output_shape: [4], params: 0, macs: 0 }, b: { output_shape: [4], params: 0, macs: 0 } });
    const steady = steadyResult(before, answer({ a: { output_shape: [4], params: 0, macs: 0 } }));
    expect(Object.keys(steady.nodes)).toEqual(["a"]);
    expect(steady.nodes.a).toBe(before.nodes.a);
  });

  it("keeps the tensors whose name, shape and count did not change, and takes the new ones", () => {
    const tensor = (name: string, shape: number[]) => ({ name, layer: name.split(".")[0]!, shape, count: shape.reduce((a, b) => a * b, 1) });
    const before = { ...answer({}), parameters: [tensor("fc1.weight", [32, 64]), tensor("fc2.weight", [10, 32]), tensor("fc3.weight", [10, 10])] };
    const after = { ...answer({}), parameters: [tensor("fc1.weight", [48, 64]), tensor("fc2.weight", [10, 48]), tensor("fc3.weight", [10, 10])] };
    const steady = steadyResult(before, after);
    expect(steady.parameters).toEqual(after.parameters);
    expect(steady.parameters![0]).toBe(after.parameters[0]);
    expect(steady.parameters![1]).toBe(after.parameters[1]);
    expect(steady.parameters![2]).toBe(before.parameters[2]);
    // A tensor renamed with its layer is a new row, though its shape is the same.
    const renamed = steadyResult(steady, { ...answer({}), parameters: [tensor("fc1.weight", [48, 64]), tensor("fc2.weight", [10, 48]), tensor("head.weight", [10, 10])] });
    expect(renamed.parameters![0]).toBe(steady.parameters![0]);
    expect(renamed.parameters![2]!.name).toBe("head.weight");
  });
});
