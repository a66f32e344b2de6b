import { describe, expect, it } from "vitest";
import { ApiError } from "../api/client";
import { UNREACHABLE, failureText } from "./requestFailure";

describe("failureText", () => {
  it("says the server could not be reached where no answer came, and the server's words where one did", () => {
    expect(failureText(new TypeError("Failed to fetch"))).toBe(UNREACHABLE);
    expect(failureText(new ApiError("Run r1 has ended: nothing to pause.", 409))).toBe("Run r1 has ended: nothing to pause.");
    expect(failureText("odd")).toBe("odd");
  });
});
