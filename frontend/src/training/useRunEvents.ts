// Follows a run's websocket, reconnecting with after=<last seq> until the run's end event.
import { useEffect, useRef, useState } from "react";
import { runEventsUrl } from "../api/client";
import { applyEvent, emptyTally, type RunEvent, type RunTally } from "./events";

export type Connection = "connecting" | "open" | "reconnecting" | "closed";

export interface RunEvents {
  tally: RunTally;
  /** Bumped each time the tally grew, at most once per animation frame. */
  version: number;
  connection: Connection;
  /** Set when the stream cannot go on: the run is unknown. */
  problem: string | null;
}

const MAX_BACKOFF_MS = 4000;
const RUN_NOT_FOUND = 4404;

/**
 * `generation` changes when a run is continued: listening starts again after the last event seen,
 * and stops at the next `end` (a continued run goes on in the same log, after its old `end`).
 * A null `runId` listens to nothing (a shared model page reads its events another way).
 */
export function useRunEvents(runId: string | null, generation = 0): RunEvents {
  const tallyRef = useRef({ runId, tally: emptyTally() });
  const [version, setVersion] = useState(0);
  const [connection, setConnection] = useState<Connection>("connecting");
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (runId === null) return;
    if (tallyRef.current.runId !== runId) tallyRef.current = { runId, tally: emptyTally() };
    const tally: RunTally = tallyRef.current.tally;
    const from = tally.lastSeq;
    // Only the server's own `end` stops us; a clean close without one is a drop like any other.
    const ended = () => tally.end !== null && tally.end.seq > from;
    let socket: WebSocket | null = null;
    let retryTimer = 0;
    let frame = 0;
    let failures = 0;
    let stopped = false;

    const redraw = () => {
      if (!frame) frame = requestAnimationFrame(() => ((frame = 0), setVersion((v) => v + 1)));
    };

    const connect = () => {
      setConnection(tally.lastSeq === from && failures === 0 ? "connecting" : "reconnecting");
      const before = tally.lastSeq;
      socket = new WebSocket(runEventsUrl(runId, tally.lastSeq));
      socket.onopen = () => setConnection("open");
      socket.onmessage = (message) => {
        applyEvent(tally, JSON.parse(String(message.data)) as RunEvent);
        redraw();
      };
      socket.onclose = (close) => {
        socket = null;
        if (stopped || ended()) return setConnection("closed");
        if (close.code === RUN_NOT_FOUND) {
          setProblem(close.reason || `Run ${runId} not found.`);
          return setConnection("closed");
        }
        failures = tally.lastSeq > before ? 0 : failures + 1;
        setConnection("reconnecting");
        retryTimer = window.setTimeout(connect, Math.min(MAX_BACKOFF_MS, 250 * 2 ** failures));
      };
    };
    connect();

    return () => {
      stopped = true;
      window.clearTimeout(retryTimer);
      cancelAnimationFrame(frame);
      socket?.close();
    };
  }, [runId, generation]);

  return { tally: tallyRef.current.tally, version, connection, problem };
}
