import { describe, expect, it } from "vitest";
import { ApiError } from "../api/client";
import { DEFAULT_BUSY_WAIT_MS } from "../api/busy";
import { replyToError } from "./validationReply";

const busyDetail = "The server is busy: 4 requests already wait to check designs, export, predict or read uploads. Try again in 1 s.";

describe("replyToError", () => {
  it("takes a busy server's 503 for a check to ask again, not for a design error", () => {
    expect(replyToError(new ApiError(busyDetail, 503, [], "1"))).toEqual({ kind: "busy", waitMs: 1000 });
  });

  it("takes a throttle's 429 the same way, waiting a default without Retry-After", () => {
    expect(replyToError(new ApiError("Too many requests.", 429))).toEqual({ kind: "busy", waitMs: DEFAULT_BUSY_WAIT_MS });
  });

  it("shows any other refusal as the design's error, with the server's per-node errors", () => {
    const errors = [{ node: "fc", field: "in_features", message: "Linear `fc` expects 784 inputs" }];
    const reply = replyToError(new ApiError("The design is not valid.", 422, errors));
    expect(reply).toMatchObject({ kind: "result", result: { valid: false, errors } });
    const tooBig = replyToError(new ApiError("The design has more than 500 layers.", 413));
    expect(tooBig).toMatchObject({ kind: "result", result: { valid: false, errors: [{ node: null, field: null, message: "The design has more than 500 layers." }] } });
  });

  it("takes a server not reached for a check to ask again, not for a design error", () => {
    expect(replyToError(new TypeError("Failed to fetch"))).toEqual({ kind: "unreachable" });
    expect(replyToError(new ApiError("Bad Gateway", 502))).toEqual({ kind: "unreachable" });
  });

  it("says what else went wrong as it is, not as a server out of reach asked again for ever", () => {
    const broken = replyToError(new SyntaxError("Unexpected token '<' in JSON at position 0"));
    expect(broken).toMatchObject({ kind: "result", result: { valid: false, errors: [{ node: null, message: "Unexpected token '<' in JSON at position 0" }] } });
  });
});
