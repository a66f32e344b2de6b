// Follows a run's event stream (runStream.ts) for a component, redrawing at most once per frame.
import { useEffect, useRef, useState } from "react";
import { emptyTally, type RunTally } from "./events";
import { peekEarly, RunStream, takeEarly, type Connection } from "./runStream";

export type { Connection };

export interface RunEvents {
  tally: RunTally;
  /** Bumped each time the tally grew (or the connection changed), at most once per animation frame. */
  version: number;
  connection: Connection;
  /** Set when the stream cannot go on: the run is unknown. */
  problem: string | null;
}

/**
 * `generation` changes when a run is continued: listening starts again after the last event seen,
 * and stops at the next `end` (a continued run goes on in the same log, after its old `end`).
 * A null `runId` listens to nothing (a shared model page reads its events another way).
 * A stream opened early for this run (`openEarly`) is taken over with what it has already seen.
 */
export function useRunEvents(runId: string | null, generation = 0): RunEvents {
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
      stream = streamRef.current = opened ?? new RunStream(runId);
      startedFor.current = opened ? 0 : -1;
    }
    let frame = 0;
    stream.onChange = () => {
      if (!frame) frame = requestAnimationFrame(() => ((frame = 0), setVersion((v) => v + 1)));
    };
    if (startedFor.current !== generation) {
      startedFor.current = generation;
      stream.start();
    }
    setVersion((v) => v + 1); // what an early stream has already seen
    const current = stream;
    return () => {
      current.onChange = () => {};
      cancelAnimationFrame(frame);
      if (current.listening) (current.stop(), (startedFor.current = -1));
    };
  }, [runId, generation]);

  const stream = streamRef.current?.runId === runId ? streamRef.current : null;
  return {
    tally: stream?.tally ?? empty,
    version,
    connection: stream?.connection ?? "connecting",
    problem: stream?.problem ?? null,
  };
}
