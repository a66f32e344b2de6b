// An Idempotency-Key for a request that makes something (POST /api/runs): sent again with its key,
// the request gets the first one's reply, and nothing is made twice.

/** 32 random hex digits (getRandomValues, not randomUUID: the latter needs https or localhost). */
export function newRequestKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
