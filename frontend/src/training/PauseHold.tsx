// On a paused run's page while other runs wait for a worker: how many, and when this pause ends
// (the server stops the run there to make way, unless it is resumed first). Nothing while none waits.
import { client, runPath, unwrap } from "../api/client";
import { pauseEnd } from "./pauseEnd";
import "./pauseHold.css";
import { usePolled } from "./usePolled";

const ASK_EVERY_MS = 1000; // the countdown moves with each answer

interface Hold {
  waiting: number;
  endsAt: number | null;
}

export function PauseHold({ runId }: { runId: string }) {
  const ask = () =>
    unwrap(client.GET("/api/runs/{run_id}", runPath(runId))).then((run): Hold => ({ waiting: run.runs_waiting ?? 0, endsAt: run.pause_ends_at ?? null }));
  const { waiting, endsAt } = usePolled<Hold>(ask, ASK_EVERY_MS, { waiting: 0, endsAt: null });
  if (waiting === 0 || endsAt === null) return null;
  return (
    <p className="pause-hold" data-testid="pause-hold">
      {waiting === 1 ? "1 run waits" : `${waiting} runs wait`} for this worker: this pause ends at {pauseEnd(endsAt)} unless you Resume.
    </p>
  );
}
