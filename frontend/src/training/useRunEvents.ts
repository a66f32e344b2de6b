// Follows a run's websocket, reconnecting with after=<last seq> until the run's end event.
import { useEffect, useRef, useState } from "react";
import { api, runEventsUrl } from "../api/client";
import { applyEvent, emptyTally, type RunEvent, type RunTally } from "./events";

export type Connection = "connecting" | "open" | "reconnecting" | "closed";

export interface RunEvents {
  tally: RunTally;
  /** Bumped each time the tally grew, at most once per animation frame. */
  version: number;
  connection: Connection;
  /** Set when the stream cannot go on: the run is unknown, or ended without an end event. */
  problem: string | null;
}

const MAX_BACKOFF_MS = 4000;
const RUN_NOT_FOUND = 4404;

/** `generation` changes when a run is continued: the stream is read again from its start. */
export function useRunEvents(runId: string, generation = 0): RunEvents {
  const tallyRef = useRef<RunTally>(emptyTally());
  const [version, setVersion] = useState(0);
  const [connection, setConnection] = useState<Connection>("connecting");
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    const tally = emptyTally();
    tallyRef.current = tally;
    let socket: WebSocket | null = null;
    let retryTimer = 0;
    let frame = 0;
    let failures = 0;
    let stopped = false;

    const redraw = () => {
      if (!frame) frame = requestAnimationFrame(() => ((frame = 0), setVersion((v) => v + 1)));
    };

    // The server closed cleanly with nothing new: ask the run itself whether it is over.
    const checkEnded = () =>
      api.run(runId).then((run) => {
        if (stopped || tally.end || run.status === "queued" || run.status === "running" || run.status === "paused") return false;
        applyEvent(tally, { seq: tally.lastSeq + 1, type: "end", status: run.status, message: run.error, metrics: run.metrics });
        redraw();
        return true;
      });

    const connect = () => {
      setConnection(tally.lastSeq === 0 && failures === 0 ? "connecting" : "reconnecting");
      const before = tally.lastSeq;
      socket = new WebSocket(runEventsUrl(runId, tally.lastSeq));
      socket.onopen = () => setConnection("open");
      socket.onmessage = (message) => {
        applyEvent(tally, JSON.parse(String(message.data)) as RunEvent);
        redraw();
      };
      socket.onclose = (close) => {
        socket = null;
        if (stopped || tally.end) return setConnection("closed");
        if (close.code === RUN_NOT_FOUND) {
          setProblem(close.reason || `Run ${runId} not found.`);
          return setConnection("closed");
        }
        failures = tally.lastSeq > before ? 0 : failures + 1;
        setConnection("reconnecting");
        const retry = () => (retryTimer = window.setTimeout(connect, Math.min(MAX_BACKOFF_MS, 250 * 2 ** failures)));
        if (close.wasClean && tally.lastSeq === before) checkEnded().then((ended) => (ended ? setConnection("closed") : retry()), retry);
        else retry();
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

  return { tally: tallyRef.current, version, connection, problem };
}
