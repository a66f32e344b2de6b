// While a run waits for a worker: its place in the queue, asked of the server every second (its
// owner's run page) or every few (a model page, a share link's too, whose answer is heavier).
import { readRun } from "../api/sharedReads";
import { runPagePath } from "../api/pages";
import type { PausedAhead } from "../api/types";
import { pauseEnd } from "./pauseEnd";
import { queueWaitText, queueWaitTitle } from "./queueWait";
import { usePolled } from "./usePolled";

const ASK_EVERY_MS = 1000;

/** Where a queued run stands: its place (null: not waiting), and the paused runs that hold a worker
 * (a paused run keeps its worker until resumed, stopped or its pause ends): its owner's named. */
export interface QueueWait {
  place: number | null;
  pausedAhead?: PausedAhead[];
  /** About how many seconds until a worker takes it; null: unknown yet; absent: not told. */
  waitSeconds?: number | null;
}

/** The place of the owner's run, from its record. */
export const runQueuePlace = (runId: string) => () =>
  // Shares the page's read as it loads; its own last answer, a poll old, is never reused.
  readRun(runId, ASK_EVERY_MS / 2).then((run): QueueWait => ({
    place: run.queue_position ?? null,
    pausedAhead: run.paused_ahead,
    waitSeconds: run.queue_wait_seconds ?? null,
  }));

/** 1st, 2nd, 3rd, 11th, 22nd */
export function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? "th" : ({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[n % 10] ?? "th";
  return `${n}${suffix}`;
}

/** `ask` reads the place (null: not waiting); `every` how often, in ms. */
export function QueuePlace({ ask, every = ASK_EVERY_MS }: { ask: () => Promise<QueueWait>; every?: number }) {
  const { place, pausedAhead = [], waitSeconds } = usePolled<QueueWait>(ask, every, { place: null });
  const own = pausedAhead.filter((run) => run.id !== null);
  const others = pausedAhead.length - own.length;
  const firstEnd = pausedAhead[0]?.ends_at ?? null; // soonest first
  return (
    <>
      {place !== null && <span data-testid="queue-place">{` (${ordinal(place)} in the queue)`}</span>}
      {place !== null && waitSeconds !== undefined && (
        <span className="queue-wait" data-testid="queue-wait" title={queueWaitTitle(waitSeconds)}>
          {` Wait: ${queueWaitText(waitSeconds)}.`}
        </span>
      )}
      {own.length > 0 && (
        <span className="queue-paused-ahead" data-testid="queue-paused-ahead">
          {" "}
          Your paused {own.length === 1 ? "run" : "runs"}{" "}
          {own.map((run, i) => (
            <span key={run.id}>
              {i > 0 ? ", " : ""}
              <a href={runPagePath(run.id ?? "")}>{run.name}</a>
            </span>
          ))}{" "}
          {own.length === 1 ? "holds a worker" : "hold workers"}: resume or stop{" "}
          {own.length === 1 ? "it" : "them"} to let this run start sooner.
        </span>
      )}
      {others > 0 && (
        <span className="queue-paused-ahead" data-testid="queue-paused-other">
          {" "}
          {others === 1
            ? "It waits for another person's paused run, which holds the worker."
            : `It waits for ${others} paused runs of other people, which hold the workers.`}
        </span>
      )}
      {firstEnd !== null && (
        <span className="queue-paused-ahead" data-testid="queue-pause-ends">
          {" "}
          {pausedAhead.length === 1 ? "That pause ends" : "The first of those pauses ends"} at {pauseEnd(firstEnd)} at the latest.
        </span>
      )}
    </>
  );
}
