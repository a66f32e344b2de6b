import { describe, expect, it } from "vitest";
import { ApiError } from "./client";
import { DEFAULT_BUSY_WAIT_MS, MOST_BUSY_WAIT_MS, isBusy, retryAfterMs } from "./busy";

describe("isBusy", () => {
  it("takes 429 and 503 for busy, and any other refusal for good", () => {
    expect(isBusy(new ApiError("too many", 429))).toBe(true);
    expect(isBusy(new ApiError("busy", 503))).toBe(true);
    expect(isBusy(new ApiError("not a picture", 422))).toBe(false);
    expect(isBusy(new ApiError("server error", 500))).toBe(false);
    expect(isBusy(new TypeError("Failed to fetch"))).toBe(false);
  });
});

describe("retryAfterMs", () => {
  const now = Date.parse("2025-01-01T12:00:00Z");

  it("waits the seconds the server says", () => {
    expect(retryAfterMs("1", now)).toBe(1000);
    expect(retryAfterMs(" 5 ", now)).toBe(5000);
  });

  it("waits until an HTTP date", () => {
    expect(retryAfterMs("Wed, 01 Jan 2025 12:00:07 GMT", now)).toBe(7000);
  });

  it("waits a default when the header is missing or unreadable", () => {
    expect(retryAfterMs(null, now)).toBe(DEFAULT_BUSY_WAIT_MS);
    expect(retryAfterMs("", now)).toBe(DEFAULT_BUSY_WAIT_MS);
    expect(retryAfterMs("soon", now)).toBe(DEFAULT_BUSY_WAIT_MS);
    expect(retryAfterMs("-3", now)).toBe(DEFAULT_BUSY_WAIT_MS);
  });

  it("waits at least a second and at most the cap", () => {
    expect(retryAfterMs("0", now)).toBe(1000);
    expect(retryAfterMs("Wed, 01 Jan 2025 11:00:00 GMT", now)).toBe(1000);
    expect(retryAfterMs("86400", now)).toBe(MOST_BUSY_WAIT_MS);
  });
});
