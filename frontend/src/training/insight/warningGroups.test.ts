import { describe, expect, it } from "vitest";
import type { WarningEvent } from "../../api/types";
import { groupWarnings } from "./warningGroups";

const warning = (seq: number, step: number, kind: WarningEvent["kind"], layer: string) =>
  ({ type: "warning", seq, step, kind, layer, message: `${kind} in ${layer}` }) as WarningEvent;

describe("groupWarnings", () => {
  it("puts a kind's warnings of one step together, the first said first", () => {
    const warnings = [
      warning(1, 18, "vanishing", "fc0"),
      warning(2, 18, "vanishing", "fc1"),
      warning(3, 18, "dead_relu", "act1"),
      warning(4, 18, "vanishing", "fc2"),
      warning(5, 40, "vanishing", "fc3"),
    ];
    const groups = groupWarnings(warnings);
    expect(groups.map((g) => [g.first.layer, g.others.map((o) => o.layer)])).toEqual([
      ["fc0", ["fc1", "fc2"]],
      ["act1", []],
      ["fc3", []],
    ]);
  });
});
