// POST /api/runs with an Idempotency-Key: sent again with its key, the request gets the first
// one's reply, and no run is made twice. A request that heard no answer (a flaky link, the reply
// lost on its way back) is sent again once, a second later, with its key.
import type { components } from "./schema";
import { ApiError, client, unwrap } from "./client";

type RunRequest = components["schemas"]["RunRequest"];
type RunCreated = components["schemas"]["RunCreated"];

export const RESEND_MS = 1000;

/** 32 random hex digits (getRandomValues, not randomUUID: the latter needs https or localhost). */
export function newRequestKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Makes a run once per `key`; a request with no answer is sent again once with it. */
export async function postRun(body: RunRequest, key: string = newRequestKey()): Promise<RunCreated> {
  const send = () => unwrap(client.POST("/api/runs", { body, params: { header: { "Idempotency-Key": key } } }));
  try {
    return await send();
  } catch (error: unknown) {
    if (error instanceof ApiError) throw error; // answered
    await new Promise((resolve) => window.setTimeout(resolve, RESEND_MS));
    return send();
  }
}
