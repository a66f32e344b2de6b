// What this browser's runs that have not ended are doing (running, paused, queued), asked every few
// seconds so that the top bar keeps every run in sight, and at once when a run's page sees its
// run change. A hidden tab does not ask (each tab asked for the whole list every second while a
// run trained): it asks again as soon as it is shown.
import { useEffect, useState } from "react";
import { client, unwrap } from "../api/client";
import { onRunsChanged } from "../api/runsChanged";
import { liveCount, type LiveTally } from "./liveTally";

const POLL_MS = 3000;
const LIVE_POLL_MS = 1000; // while some train: the count drops within a second of a run's end

/** The tally, or null until the server first answered. */
export function useLiveTally(): LiveTally | null {
  const [count, setCount] = useState<LiveTally | null>(null);
  useEffect(() => {
    let live = true;
    let timer = 0;
    let training = 0;
    let asking = false;
    let again = false; // asked for while a request was out: ask once more when it is back
    const ask = () => {
      if (asking) {
        again = true;
        return;
      }
      asking = true;
      window.clearTimeout(timer);
      unwrap(client.GET("/api/run-tally")) // three numbers: the whole list was hundreds of KB a second
        .then((tally) => {
          training = liveCount(tally);
          if (live) setCount(tally);
        })
        .catch(() => undefined) // the page shows its own errors; the count waits for the next try
        .finally(() => {
          asking = false;
          if (!live) return;
          if (again) {
            again = false;
            ask();
          } else if (document.visibilityState !== "hidden") {
            timer = window.setTimeout(ask, training > 0 ? LIVE_POLL_MS : POLL_MS);
          }
        });
    };
    const shownOrHidden = () => {
      if (document.visibilityState === "hidden") window.clearTimeout(timer);
      else ask();
    };
    ask();
    const stopListening = onRunsChanged(ask);
    document.addEventListener("visibilitychange", shownOrHidden);
    return () => {
      live = false;
      window.clearTimeout(timer);
      stopListening();
      document.removeEventListener("visibilitychange", shownOrHidden);
    };
  }, []);
  return count;
}
