import { describe, expect, it } from "vitest";
import { headerNames, headerSeparator } from "./csvHeader";

describe("a CSV header's names", () => {
  it("keep a comma inside quotes, as the server reads them", () => {
    expect(headerNames('height,"weight, kg",label\n1,2,3\n')).toEqual(["height", "weight, kg", "label"]);
  });

  it("take a doubled quote as one, and a quoted line break as part of the name", () => {
    expect(headerNames('"say ""hi""",b\r\n1,2')).toEqual(['say "hi"', "b"]);
    expect(headerNames('"two\nlines",b\n1,2')).toEqual(["two\nlines", "b"]);
  });

  it("are trimmed, leave out empty ones and a byte order mark, and stop at the first line", () => {
    expect(headerNames("\uFEFF,a , b,\n0,1,2,\n")).toEqual(["a", "b"]);
    expect(headerNames('a,"b"\r\nc,d')).toEqual(["a", "b"]);
  });

  it("open quotes only at a cell's start, as Python's csv reader does", () => {
    expect(headerNames('a, "b",c"d"')).toEqual(["a", '"b"', 'c"d"']);
  });
});

describe("a semicolon-separated CSV's header", () => {
  it("is split at semicolons, as a spreadsheet that writes decimal commas saves it", () => {
    expect(headerNames("a;b;label\n1,5;2;x\n")).toEqual(["a", "b", "label"]);
    expect(headerNames('"weight, kg";"height, cm";label\n1,5;2;x')).toEqual(["weight, kg", "height, cm", "label"]);
  });

  it("only where semicolons outnumber commas outside quotes", () => {
    expect(headerNames("a;b,c,d\n")).toEqual(["a;b", "c", "d"]);
    expect(headerSeparator('"a;b;c",d\n')).toBe(",");
  });
});
