// A server too busy to answer now (503 when its queue is full, 429 over a throttle) refuses for
// now, not for good: the same request may be sent again once its Retry-After has passed.
import { ApiError } from "./client";

/** Without a Retry-After (or with one that cannot be read): wait this long. */
export const DEFAULT_BUSY_WAIT_MS = 2000;
/** However long Retry-After says: a request asked again in the background waits at most this. */
export const MOST_BUSY_WAIT_MS = 30_000;
/** Retry-After: 0 (or a date just past) must not become a loop that asks as fast as it is answered. */
const LEAST_BUSY_WAIT_MS = 1000;

/** Whether the server refused for now (busy or over a throttle), not for good. */
export function isBusy(error: unknown): error is ApiError {
  return error instanceof ApiError && (error.status === 429 || error.status === 503);
}

/** How long to wait before asking again, from a Retry-After header: delay-seconds or an HTTP date
 * (RFC 9110 §10.2.3), kept between 1 s and MOST_BUSY_WAIT_MS. */
export function retryAfterMs(retryAfter: string | null, now: number = Date.now()): number {
  const text = retryAfter?.trim() ?? "";
  // Date.parse reads "-3" as a year: only a text with a month's or a day's name is taken as a date.
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : /[a-z]/i.test(text) ? Date.parse(text) - now : NaN;
  if (Number.isNaN(ms)) return DEFAULT_BUSY_WAIT_MS;
  return Math.min(MOST_BUSY_WAIT_MS, Math.max(LEAST_BUSY_WAIT_MS, ms));
}
