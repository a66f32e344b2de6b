import { describe, expect, it } from "vitest";
import type { DatasetRecord } from "../api/types";
import { askingMessage, keptMessage } from "./sendUpload";

describe("keptMessage", () => {
  const record = { title: "flowers.csv" } as DatasetRecord;

  it("says the upload was kept, and before what", () => {
    expect(keptMessage(record, true)).toBe("The whole file had reached the server before the cancel: it is kept as “flowers.csv”, now chosen. Delete it above if it is not wanted.");
    expect(keptMessage(record, false)).toMatch(/^The whole file had reached the server before the connection was lost: /);
  });
});

describe("askingMessage", () => {
  it("says whether the page had heard the whole file go", () => {
    expect(askingMessage(true, true)).toMatch(/^Cancelled after the whole file had gone: asking the server whether it keeps the upload/);
    expect(askingMessage(true, false)).toBe("Cancelled: asking the server whether the whole file had reached it…");
    expect(askingMessage(false, false)).toBe("The connection was lost: asking the server whether the whole file had reached it…");
  });
});
