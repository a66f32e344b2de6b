// Follows a run's event stream (runStream.ts) for a component, redrawing at most every
// LIVE_REDRAW_MS (REPLAY_REDRAW_MS while a history replays), and at once for news.
import { useEffect, useRef, useState } from "react";
import type { EventsUrl } from "../api/client";
import { emptyTally, type RunTally } from "./events";
import { peekEarly, RunStream, takeEarly, type Connection } from "./runStream";

export type { Connection };

/**
 * While a long history replays, the page redraws at most this often: each redraw of charts
 * holding a long run costs tens of milliseconds, and the messages wait behind it.
 */
export const REPLAY_REDRAW_MS = 250;
/**
 * A live run's page redraws at most this often: a fast run's frames come some 30 times a second,
 * and a redraw after each (every chart, the progress, the numbers) kept most of a core busy in
 * the browser, on the person's laptop and beside the run itself (bench/watch_cost.py). Ten times
 * a second still moves as it trains. News is drawn at once (`newsOf`).
 */
export const LIVE_REDRAW_MS = 100;

/** Milliseconds to wait before the next redraw: none for news (what the page has drawn lacks
 * something the stream now has) or when the last redraw was LIVE_REDRAW_MS ago or more
 * (REPLAY_REDRAW_MS while a history is replaying), else the rest of that time. */
export function redrawDelay(catchingUp: boolean, lastDrawn: number, now: number, news: boolean): number {
  return news ? 0 : Math.max(0, lastDrawn + (catchingUp ? REPLAY_REDRAW_MS : LIVE_REDRAW_MS) - now);
}

/** What the page must show as soon as it comes, not up to LIVE_REDRAW_MS late: the run's first
 * point, its starts and ends, a pause or resume, a new learning rate set, a warning, and the
 * connection's state (lost, back, closed). Equal strings: no news. */
export function newsOf(tally: RunTally, connection: Connection): string {
  const marks = [tally.progress !== null, tally.history.length, tally.paused, tally.rates.length, tally.warnings.length];
  return `${marks.join(" ")} ${connection}`;
}

export interface RunEvents {
  tally: RunTally;
  /** Bumped each time the tally grew (or the connection changed), at most every LIVE_REDRAW_MS but for news. */
  version: number;
  connection: Connection;
  /** Set when the stream cannot go on: the run is unknown (deleted, or not this browser's). */
  problem: string | null;
  /** When the server refused the stream for good: what the page shows is as of then. */
  refusedAt: number | null;
  /** Why the server closed the stream, while it reconnects; null when it gave no reason. */
  dropReason: string | null;
  /** When the live connection was lost, while it reconnects: what the page shows may be stale. */
  lostAt: number | null;
}

/**
 * `generation` changes when a run is continued: listening starts again after the last event seen,
 * and stops at the next `end` (a continued run goes on in the same log, after its old `end`).
 * A null `runId` listens to nothing. `url` reads a shared run's stream by its link's token instead.
 * A stream opened early for this run (`openEarly`) is taken over with what it has already seen.
 */
export function useRunEvents(runId: string | null, generation = 0, url?: EventsUrl): RunEvents {
  const streamRef = useRef<RunStream | null>(null);
  // An early stream's events show on the first render already: the first points are not a frame late.
  if (streamRef.current === null && runId !== null) streamRef.current = peekEarly(runId);
  const startedFor = useRef(-1); // the generation the stream listens for
  const [empty] = useState(emptyTally);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    if (runId === null) return;
    let stream = streamRef.current;
    if (stream?.runId !== runId || stream === peekEarly(runId)) {
      const opened = takeEarly(runId);
      stream = streamRef.current = opened ?? new RunStream(runId, url);
      startedFor.current = opened ? 0 : -1;
    }
    const current = stream;
    let frame = 0;
    let later = 0;
    let drawn = -Infinity; // when the last redraw ran
    let drawnNews = ""; // newsOf what it drew
    const redraw = () => {
      window.clearTimeout(later);
      later = 0;
      if (!frame)
        frame = requestAnimationFrame(() => {
          frame = 0;
          drawn = performance.now();
          drawnNews = newsOf(current.tally, current.connection);
          setVersion((v) => v + 1);
        });
    };
    stream.onChange = () => {
      const news = newsOf(current.tally, current.connection) !== drawnNews;
      const wait = redrawDelay(current.catchingUp, drawn, performance.now(), news);
      if (wait === 0) redraw();
      else if (!later && !frame) later = window.setTimeout(redraw, wait);
    };
    if (startedFor.current !== generation) {
      startedFor.current = generation;
      stream.start();
    }
    setVersion((v) => v + 1); // what an early stream has already seen
    return () => {
      current.onChange = () => {};
      cancelAnimationFrame(frame);
      window.clearTimeout(later);
      if (current.listening) (current.stop(), (startedFor.current = -1));
    };
  }, [runId, generation, url]);

  const stream = streamRef.current?.runId === runId ? streamRef.current : null;
  return {
    tally: stream?.tally ?? empty,
    version,
    connection: stream?.connection ?? "connecting",
    problem: stream?.problem ?? null,
    refusedAt: stream?.refusedAt ?? null,
    dropReason: stream?.dropReason ?? null,
    lostAt: stream?.lostAt ?? null,
  };
}
