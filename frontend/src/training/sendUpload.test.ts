import { describe, expect, it } from "vitest";
import type { DatasetRecord } from "../api/types";
import { keptMessage } from "./sendUpload";

describe("keptMessage", () => {
  const record = { title: "flowers.csv" } as DatasetRecord;

  it("says the upload was kept, and before what", () => {
    expect(keptMessage(record, true)).toBe("The whole file had reached the server before the cancel: it is kept as “flowers.csv”, now chosen. Delete it above if it is not wanted.");
    expect(keptMessage(record, false)).toMatch(/^The whole file had reached the server before the connection was lost: /);
  });
});
