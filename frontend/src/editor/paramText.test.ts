import { describe, expect, it } from "vitest";
import type { ParamSpec } from "../api/types";
import { asTyped, parseParam } from "./paramText";

const spec = (kind: ParamSpec["kind"]) => ({ name: "p", kind }) as ParamSpec;

describe("parseParam", () => {
  it("takes a pair as the server's messages write it, in brackets, as well as bare", () => {
    for (const text of ["3,5", "[3, 5]", "(3, 5)", " [ 3 ,5 ] "]) expect(parseParam(spec("int_or_pair"), text)).toEqual({ value: [3, 5] });
    expect(parseParam(spec("int_or_pair"), "[3]")).toEqual({ value: 3 });
    expect(parseParam(spec("int_list"), "[16, 4, 4]")).toEqual({ value: [16, 4, 4] });
    expect(parseParam(spec("int_or_pair"), "[3, 5")).toHaveProperty("error");
    expect(parseParam(spec("int_or_pair"), "[]")).toHaveProperty("error");
  });

  it("refuses a fraction in a whole-number field", () => {
    expect(parseParam(spec("int"), "2.5")).toEqual({ error: "a whole number" });
  });
});

describe("asTyped", () => {
  it("keeps what a layer's field says when it does not parse, for the server to name", () => {
    expect(asTyped("2.5")).toBe(2.5);
    expect(asTyped("[3, 5.5]")).toEqual([3, 5.5]);
    expect(asTyped("3,x")).toBe("3,x");
    expect(asTyped(" abc ")).toBe("abc");
    for (const text of ["3,", ",", "[]", "()", " [ ] "]) expect(asTyped(text)).toBe(text.trim()); // never a 0 not typed
  });
});
