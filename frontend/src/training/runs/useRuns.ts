// This browser's newest `count` runs (those the server's filters keep: text, status, sweep, dataset, kind), asked
// again every two seconds while any of them trains (every six otherwise, to see runs started
// elsewhere; longer for each further 200 listed: pollDelay), so that status, metrics and
// duration stay live.
import { useCallback, useEffect, useState } from "react";
import { client, unwrap } from "../../api/client";
import type { RunInfo } from "../../api/types";
import { newestRuns, pollDelay, type RunsAsked, type RunsQuery } from "./newestRuns";
import { isLive } from "./runList";


export interface Runs {
  runs: RunInfo[] | null;
  /** The filters `runs` answer: until a new `asked` is answered, the runs of the one before. */
  answered: RunsAsked | null;
  /** Whether the server has runs older than those listed (Show older runs). */
  more: boolean;
  /** Whether `count` runs are being asked for and have not come yet. */
  loading: boolean;
  problem: string | null;
  /** Puts a run the server has just answered with (after a rename) in the list. */
  replace: (run: RunInfo) => void;
  /** Asks for the list again now (after runs came from another browser). */
  refresh: () => void;
}

/** `asked`: keep the same object while the filters stay (a new one asks again). */
export function useRuns(asked: RunsAsked, count: number): Runs {
  const [runs, setRuns] = useState<RunInfo[] | null>(null);
  const [more, setMore] = useState(false);
  const [listedFor, setListedFor] = useState(0); // the `count` of the answer listed
  const [answered, setAnswered] = useState<RunsAsked | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [again, setAgain] = useState(0);

  useEffect(() => {
    let live = true;
    let timer = 0;
    const ask = () => {
      // openapi-fetch's Readable<> widens the designs' [from, to] edge tuples to string[][].
      const page = (query: RunsQuery) => unwrap(client.GET("/api/runs", { params: { query } })) as Promise<RunInfo[]>;
      newestRuns(page, count, asked).then(
        (newest) => {
          if (!live) return;
          setRuns(newest.runs);
          setMore(newest.more);
          setListedFor(count);
          setAnswered(asked);
          setProblem(null);
          timer = window.setTimeout(ask, pollDelay(count, newest.runs.some(isLive)));
        },
        (e: unknown) => {
          if (!live) return;
          setProblem(e instanceof Error ? e.message : String(e));
          timer = window.setTimeout(ask, pollDelay(count, false));
        },
      );
    };
    ask();
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [again, asked, count]);

  const replace = useCallback((run: RunInfo) => setRuns((all) => all && all.map((r) => (r.id === run.id ? run : r))), []);
  const refresh = useCallback(() => setAgain((n) => n + 1), []);
  return { runs, answered, more, loading: listedFor !== count, problem, replace, refresh };
}

/** The time now in seconds, ticking once a second while `ticking`. */
export function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now() / 1000);
  useEffect(() => {
    if (!ticking) return;
    const timer = window.setInterval(() => setNow(Date.now() / 1000), 1000);
    return () => window.clearInterval(timer);
  }, [ticking]);
  return now;
}
