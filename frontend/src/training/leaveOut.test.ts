import { describe, expect, it } from "vitest";
import { csvRecords } from "./csvHeader";
import { csvStart, guessCsvTarget, leaveOutProblem, missingColumns, namedColumns, namelessNotes, suggestLeaveOut, textColumns } from "./leaveOut";

const reasons = (text: string, target = "label") => Object.fromEntries(suggestLeaveOut(csvStart(text, false), target));

describe("a CSV's first records", () => {
  it("are split as the server's reader splits them: quotes, blank lines, CRLF", () => {
    expect(csvRecords('a,"b, c"\r\n1,"x\ny"\n\n2,3\n')).toEqual([["a", "b, c"], ["1", "x\ny"], ["2", "3"]]);
    expect(csvRecords("a,b\n1,2\n3,4\n", ",", 2)).toEqual([["a", "b"], ["1", "2"]]);
  });

  it("leave out a row cut by the end of what was read", () => {
    expect(csvStart("a,b\n1,2\n3,4", true).rows).toEqual([["1", "2"]]);
    expect(csvStart("\uFEFFa;b\n1,5;2\n", false)).toEqual({ cells: ["a", "b"], rows: [["1,5", "2"]], separator: ";" });
  });
});

describe("the columns the upload form ticks to leave out", () => {
  it("are those named as IDs, pandas' Unnamed: 0 among them, but never the target", () => {
    const text = "id,Unnamed: 0,customer_id,userId,row-ID,paid,valid,label\n1,0,7,3,2,1,1,a\n";
    expect(Object.keys(reasons(text))).toEqual(["id", "Unnamed: 0", "customer_id", "userId", "row-ID"]);
    expect(reasons(text)["id"]).toBe("its name says it is an ID");
    expect(reasons(text, "id")["id"]).toBeUndefined();
  });

  it("are those whose first values are whole numbers that rise, as row numbers do", () => {
    const rows = "n,a,label\n3,1,x\n7,1,y\n8,2,x\n10,1,y\n11,0,x\n";
    expect(reasons(rows)).toEqual({ n: "it counts up (3, 7, 8, …), as row numbers do" });
    expect(reasons("n,label\n1,x\n1,y\n2,x\n3,y\n4,x\n")).toEqual({});
    expect(reasons("n,label\n1,x\n2,y\n3,x\n4,y\n")).toEqual({}); // four values are too few to tell
  });

  it("are those that hold text, which no feature can, but not a missing value or a decimal comma", () => {
    expect(reasons("when,a,label\n,1,x\n2024-01-02,0,y\nNA,3,x\n")).toEqual({
      when: "it holds text ('2024-01-02'), and a feature must be a number",
    });
    expect(reasons("a;b;label\n1,5;NA;x\n-0,25;2;y\n")).toEqual({});
  });
});

describe("what the ticks say before the upload", () => {
  const start = csvStart("customer_id,age,comment,churned\n1,19,late again,yes\n2,40,,no\n", false);
  const columns = namedColumns(start);
  const texts = textColumns(start);
  const problem = (drop: string[], target = "churned") => leaveOutProblem(columns, target, drop, texts);

  it("let text be the target, and an ID a feature", () => {
    expect([...texts.keys()]).toEqual(["comment", "churned"]);
    expect(problem(["comment"])).toBeNull();
    expect(problem(["churned"], "comment")).toBeNull();
  });

  it("refuse a column of text left in as a feature, saying which and what to do", () => {
    expect(problem(["customer_id"])).toBe("`comment` holds text, and a feature must be a number: tick it to leave it out, or choose it as the target.");
    expect(problem([], "age")).toBe("`comment`, `churned` hold text, and a feature must be a number: tick them to leave them out, or choose one as the target.");
  });

  it("refuse every feature left out", () => {
    expect(problem(["customer_id", "age", "comment"])).toBe("every column but the target `churned` is ticked; untick one to learn from.");
  });
});

describe("the target the form guesses", () => {
  it("is guessTarget's among the columns that are no ID", () => {
    expect(guessCsvTarget(csvStart("f1,species,f2,row_id\n1,a,2,0\n", false))).toBe("f2");
    expect(guessCsvTarget(csvStart("a,label,id\n1,x,0\n", false))).toBe("label");
    expect(guessCsvTarget(csvStart("id\n1\n", false))).toBe("id");
  });
});

describe("the columns with no name", () => {
  it("are not offered, and say what the server makes of them", () => {
    const start = csvStart(",a,,label,\n0,1,5,x,\n1,2,,y,\n2,3,6,x,\n", false);
    expect(namedColumns(start)).toEqual(["a", "label"]);
    expect(namelessNotes(start)).toEqual([
      "Column 1 has no name and numbers the rows: it is left out as an index.",
      "Column 3 has no name but holds '5': give it a name in the file, or the upload is refused.",
      "Column 5 has no name and is empty: it is left out.",
    ]);
  });
});

describe("the columns with a missing value in the first rows", () => {
  it("are the named ones with an empty cell or a word for none, as the server reads them", () => {
    const start = csvStart(",a,b,c,label\nNA,1,2,3,x\n2,4,-nan,6,?\n\n3,7,8,,y\n4,5", true);
    expect([...missingColumns(start)].sort()).toEqual(["b", "c", "label"]); // not the nameless column, nor the row cut off
    expect(missingColumns(csvStart("a,label\n1,x\n2,y\n", false)).size).toBe(0);
  });
});
