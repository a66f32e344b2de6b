// While a run waits for a worker: its place in the queue, asked of the server every second (its
// owner's run page) or every few (a model page, a share link's too, whose answer is heavier).
import { useEffect, useRef, useState } from "react";
import { client, runPath, unwrap } from "../api/client";
import { runPagePath } from "../api/pages";
import type { PausedAhead } from "../api/types";

const ASK_EVERY_MS = 1000;

/** Where a queued run stands: its place (null: not waiting), and its owner's paused runs that
 * hold a worker (a paused run keeps its worker until resumed or stopped). */
export interface QueueWait {
  place: number | null;
  pausedAhead?: PausedAhead[];
}

/** The place of the owner's run, from its record. */
export const runQueuePlace = (runId: string) => () =>
  unwrap(client.GET("/api/runs/{run_id}", runPath(runId))).then((run): QueueWait => ({ place: run.queue_position ?? null, pausedAhead: run.paused_ahead }));

function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? "th" : ({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[n % 10] ?? "th";
  return `${n}${suffix}`;
}

/** `ask` reads the place (null: not waiting); `every` how often, in ms. */
export function QueuePlace({ ask, every = ASK_EVERY_MS }: { ask: () => Promise<QueueWait>; every?: number }) {
  const [wait, setWait] = useState<QueueWait>({ place: null });
  const latest = useRef(ask); // the caller's function, made anew each render: the timer keeps its rhythm
  useEffect(() => {
    latest.current = ask;
  });

  useEffect(() => {
    let stopped = false;
    const read = () =>
      latest.current().then(
        (at) => !stopped && setWait(at),
        () => undefined, // the next ask tries again
      );
    void read();
    const timer = window.setInterval(() => void read(), every);
    return () => {
      stopped = true;
      window.clearInterval(timer);
    };
  }, [every]);

  const { place, pausedAhead = [] } = wait;
  return (
    <>
      {place !== null && <span data-testid="queue-place">{` (${ordinal(place)} in the queue)`}</span>}
      {pausedAhead.length > 0 && (
        <span className="queue-paused-ahead" data-testid="queue-paused-ahead">
          {" "}
          Your paused {pausedAhead.length === 1 ? "run" : "runs"}{" "}
          {pausedAhead.map((run, i) => (
            <span key={run.id}>
              {i > 0 ? ", " : ""}
              <a href={runPagePath(run.id)}>{run.name}</a>
            </span>
          ))}{" "}
          {pausedAhead.length === 1 ? "holds a worker" : "hold workers"}: resume or stop{" "}
          {pausedAhead.length === 1 ? "it" : "them"} to let this run start sooner.
        </span>
      )}
    </>
  );
}
