// While a run waits for a worker: its place in the queue, asked of the server every second.
import { useEffect, useState } from "react";
import { client, runPath, unwrap } from "../api/client";

const ASK_EVERY_MS = 1000;

function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? "th" : ({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[n % 10] ?? "th";
  return `${n}${suffix}`;
}

export function QueuePlace({ runId }: { runId: string }) {
  const [place, setPlace] = useState<number | null>(null);

  useEffect(() => {
    let stopped = false;
    const ask = () =>
      unwrap(client.GET("/api/runs/{run_id}", runPath(runId))).then(
        (run) => !stopped && setPlace(run.queue_position ?? null),
        () => undefined, // the next ask tries again
      );
    void ask();
    const timer = window.setInterval(() => void ask(), ASK_EVERY_MS);
    return () => {
      stopped = true;
      window.clearInterval(timer);
    };
  }, [runId]);

  if (place === null) return null;
  return <span data-testid="queue-place">{` (${ordinal(place)} in the queue)`}</span>;
}
