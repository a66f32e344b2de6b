// While a run waits for a worker: its place in the queue, asked of the server every second (its
// owner's run page) or every few (a model page, a share link's too, whose answer is heavier).
import { useEffect, useRef, useState } from "react";
import { client, runPath, unwrap } from "../api/client";

const ASK_EVERY_MS = 1000;

/** The place of the owner's run, from its record. */
export const runQueuePlace = (runId: string) => () => unwrap(client.GET("/api/runs/{run_id}", runPath(runId))).then((run) => run.queue_position ?? null);

function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? "th" : ({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[n % 10] ?? "th";
  return `${n}${suffix}`;
}

/** `ask` reads the place (null: not waiting); `every` how often, in ms. */
export function QueuePlace({ ask, every = ASK_EVERY_MS }: { ask: () => Promise<number | null>; every?: number }) {
  const [place, setPlace] = useState<number | null>(null);
  const latest = useRef(ask); // the caller's function, made anew each render: the timer keeps its rhythm
  useEffect(() => {
    latest.current = ask;
  });

  useEffect(() => {
    let stopped = false;
    const read = () =>
      latest.current().then(
        (at) => !stopped && setPlace(at),
        () => undefined, // the next ask tries again
      );
    void read();
    const timer = window.setInterval(() => void read(), every);
    return () => {
      stopped = true;
      window.clearInterval(timer);
    };
  }, [every]);

  if (place === null) return null;
  return <span data-testid="queue-place">{` (${ordinal(place)} in the queue)`}</span>;
}
