// What the server's reply to a check of the design says: a result (valid or not), or that the
// server is too busy to check it now or could not be reached, which say nothing of the design and
// are asked again later.
import { isBusy, retryAfterMs } from "../api/busy";
import { ApiError } from "../api/client";
import type { ValidateResponse } from "../api/types";

export type ValidationReply =
  /** The server's verdict on the design, or a failure said as one. */
  | { kind: "result"; result: ValidateResponse }
  /** Busy (503) or over a throttle (429): ask the same again in `waitMs`. */
  | { kind: "busy"; waitMs: number }
  /** No answer at all (offline, the server down or restarting): ask again when it may answer. */
  | { kind: "unreachable" };

// A proxy's answer for a server behind it that is down or restarting.
const GATEWAY_DOWN = new Set([502, 504]);

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

/** What a check that threw means: a busy server is asked again after its Retry-After, and one not
 * reached when it may answer; any other refusal (a design too big, a bad request) is shown as the
 * design's error. A lost connection was shown as one too ("Failed to fetch"), and held Train back. */
export function replyToError(error: unknown): ValidationReply {
  if (isBusy(error)) return { kind: "busy", waitMs: retryAfterMs(error.retryAfter) };
  if (error instanceof ApiError && !GATEWAY_DOWN.has(error.status)) return { kind: "result", result: failure(error.message, error.errors) };
  // fetch rejects with a TypeError, and only then, where no answer came; anything else (a reply
  // that is no JSON, a bug of ours) is said as it is, not asked again every few seconds.
  if (error instanceof ApiError || error instanceof TypeError) return { kind: "unreachable" };
  return { kind: "result", result: failure(error instanceof Error ? error.message : String(error)) };
}
