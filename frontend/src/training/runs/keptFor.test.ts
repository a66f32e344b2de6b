import { describe, expect, it } from "vitest";
import { keptForText, spanText } from "./keptFor";

describe("keptForText", () => {
  it("says nothing where the server keeps everything", () => {
    expect(keptForText(null)).toBeNull();
    expect(keptForText(undefined)).toBeNull();
  });

  it("says how long, in the largest unit the span fills", () => {
    expect(keptForText(30)).toBe("This server keeps a browser's runs and uploads for 30 days after its last visit, then deletes them: download what you want to keep.");
    expect(spanText(1)).toBe("1 day");
    expect(spanText(1.5)).toBe("1.5 days");
    expect(spanText(365)).toBe("365 days");
    expect(spanText(0.5)).toBe("12 hours");
    expect(spanText(1 / 24)).toBe("1 hour");
    expect(spanText(90 / 86400)).toBe("1.5 minutes");
    expect(spanText(3 / 86400)).toBe("3 seconds");
  });
});
