// What the server's reply to a check of the design says: a result (valid or not), or that the
// server is too busy to check it now, which says nothing of the design and is asked again later.
import { isBusy, retryAfterMs } from "../api/busy";
import { ApiError } from "../api/client";
import type { ValidateResponse } from "../api/types";

export type ValidationReply =
  /** The server's verdict on the design, or a failure said as one. */
  | { kind: "result"; result: ValidateResponse }
  /** Busy (503) or over a throttle (429): ask the same again in `waitMs`. */
  | { kind: "busy"; waitMs: number };

/** A result that says why the design could not be checked, as a design error. */
export function failure(message: string, errors: ValidateResponse["errors"] = []): ValidateResponse {
  return {
    valid: false,
    nodes: {},
    total_params: 0,
    output_shape: null,
    errors: errors.length ? errors : [{ node: null, field: null, message }],
    warnings: [],
  };
}

/** What a check that threw means: a busy server is asked again after its Retry-After; any other
 * refusal (a design too big, a bad request) or a lost connection is shown as the design's error. */
export function replyToError(error: unknown): ValidationReply {
  if (isBusy(error)) return { kind: "busy", waitMs: retryAfterMs(error.retryAfter) };
  if (error instanceof ApiError) return { kind: "result", result: failure(error.message, error.errors) };
  return { kind: "result", result: failure(`Could not reach the server to check the design: ${String(error)}`) };
}
