// A page watching a run that ended asks now and then whether it goes on: Continue or Train N more,
// pressed on another page (or tab) or sent through the API, reaches it only this way, as its
// stream closed at the end. The run's own page and the model page, its owner's or a share link's,
// follow the run again without a reload.
import { useEffect, useRef } from "react";
import { ApiError, client, unwrap } from "../api/client";

/** How often an ended run is asked about: one small read of its event log. */
export const GOES_ON_MS = 3000;

/** Whether a run has events after `after`: one that ended and was then continued has. */
export type EventsAfter = (after: number) => Promise<boolean>;

/** The owner's question about their own run (a share link asks by its token: modelSource.ts). */
export async function runHasEventsAfter(runId: string, after: number): Promise<boolean> {
  const events = await unwrap(client.GET("/api/runs/{run_id}/events", { params: { path: { run_id: runId }, query: { after, limit: 1 } } }));
  return events.length > 0;
}

/** Whether the question was refused because the run or its link is gone (deleted, revoked,
 * expired): listening again then hears why, as a page open on a live run does. */
export function isGone(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 404 || error.status === 410);
}

/** While `ended`, calls `goesOn` once events come after `lastSeq`, the last one the page has, or
 * once the run or its link is gone; the page then listens again (useRunEvents' generation), and
 * its stream says why it cannot where it cannot. */
export function useGoesOn(eventsAfter: EventsAfter, ended: boolean, lastSeq: number, goesOn: () => void): void {
  // The callers' latest functions, made anew at each render: the timer keeps its rhythm meanwhile.
  const latest = useRef({ eventsAfter, goesOn });
  useEffect(() => {
    latest.current = { eventsAfter, goesOn };
  });
  useEffect(() => {
    if (!ended) return;
    // One question at a time, and one answer acted on: a slow reply overlapping the next
    // question, or one that came after the page moved on, started the stream over twice.
    let asking = false;
    let done = false;
    const answered = () => {
      if (done) return;
      done = true;
      latest.current.goesOn();
    };
    const timer = window.setInterval(() => {
      if (asking || done) return;
      asking = true;
      latest.current
        .eventsAfter(lastSeq)
        .then(
          (more) => more && answered(),
          (error: unknown) => isGone(error) && answered(),
        )
        .finally(() => (asking = false));
    }, GOES_ON_MS);
    return () => {
      done = true;
      window.clearInterval(timer);
    };
  }, [ended, lastSeq]);
}
