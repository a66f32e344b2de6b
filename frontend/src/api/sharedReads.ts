// Reads that several parts of one page make as it loads, sent once: a run page's head, origin,
// downloads and challenge each want the run's record, and its controls and challenge the
// catalogue. A read asked while the same one is out, or answered recently enough, shares it.
import { client, runPath, unwrap } from "./client";
import type { Catalog, RunInfo } from "./types";

const REUSE_MS = 2000;
const reads = new Map<string, { answer: Promise<unknown>; at: number }>();

function shared<T>(key: string, read: () => Promise<T>, maxAgeMs: number): Promise<T> {
  const last = reads.get(key);
  if (maxAgeMs > 0 && last && performance.now() - last.at < maxAgeMs) return last.answer as Promise<T>;
  const answer = read();
  const entry = { answer, at: Infinity }; // out: shared until answered, then for REUSE_MS
  reads.set(key, entry);
  answer.then(
    () => (entry.at = performance.now()),
    () => reads.get(key) === entry && reads.delete(key), // a failure is asked again by the next
  );
  return answer;
}

/** The caller's run's record, answered at most `maxAgeMs` ago; 0 asks the server anew (it went
 * on, and its record changed; a poll). */
export function readRun(runId: string, maxAgeMs = REUSE_MS): Promise<RunInfo> {
  // openapi-fetch's Readable<> widens the designs' [from, to] edge tuples to string[][].
  return shared(`run ${runId}`, () => unwrap(client.GET("/api/runs/{run_id}", runPath(runId))) as Promise<RunInfo>, maxAgeMs);
}

/** The catalogue, as the server has it now. */
export function readCatalog(): Promise<Catalog> {
  return shared("catalog", () => unwrap(client.GET("/api/catalog")), REUSE_MS);
}
