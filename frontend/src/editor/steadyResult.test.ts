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
});
