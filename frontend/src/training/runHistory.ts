// A run's history in a line, from its log's starts and ends: "Trained 30 epochs, then 5 more
// (Continue at epoch 30)". An end followed by a start is a part that went on: Continue, "Train N
// more", or the server's own restart after a stop; a copy made to train more as a new run
// (Run.copied_at) holds its original's log up to there. Nothing to say for a run trained once.
import type { EndEvent, StartedEvent } from "../api/types";

/** A start or an end of the log, with what the line needs of it. */
export type HistoryMark =
  | { kind: "start"; seq: number; firstEpoch: number; firstStep: number; epochs: number; lr: number | null }
  | { kind: "end"; seq: number; status: EndEvent["status"]; epoch: number; step: number; interrupted: boolean; message: string | null };

/** Where a copy's own history begins: the seq of the last event copied from its original. */
export interface CopiedAt {
  seq: number;
}

// The start of the end a server's stop gives a run (runs/recorder.py STOPPED and STOPPED_PAUSED;
// tests/backend/test_run_history_words.py holds the two to the same words).
export const SERVER_STOPPED = "The server stopped";

export const startMark = (event: StartedEvent & { seq: number }): HistoryMark => ({
  kind: "start", seq: event.seq, firstEpoch: event.first_epoch ?? 1, firstStep: event.first_step ?? 0, epochs: event.epochs, lr: event.lr ?? null,
});

export const endMark = (event: EndEvent & { seq: number }): HistoryMark => ({
  kind: "end", seq: event.seq, status: event.status, epoch: event.metrics.epoch, step: event.metrics.step, interrupted: event.interrupted ?? false, message: event.message ?? null,
});

const count = (n: number, one: string) => `${n.toLocaleString("en-US")} ${one}${n === 1 ? "" : "s"}`;
const stepText = (step: number) => `step ${step.toLocaleString("en-US")}`;

type Start = Extract<HistoryMark, { kind: "start" }>;
type End = Extract<HistoryMark, { kind: "end" }>;

/** Why a part went on, after the `end` before its start `next` (which planned `planned` before). */
function wentOn(end: End | null, next: Start, planned: number, copied: boolean): string {
  const done = next.firstEpoch - 1;
  const rate = next.lr === null ? "" : ` at learning rate ${next.lr}`;
  const more = next.epochs > planned || end?.status === "succeeded";
  if (copied) {
    const what = more ? `${next.epochs - done} more` : `on to epoch ${next.epochs}`;
    return `then ${what}${rate} as this new run (copied at epoch ${done}; the original keeps its model)`;
  }
  if (more) return `then ${next.epochs - done} more${rate} (Continue at epoch ${done})`;
  const at = stepText(next.firstStep);
  if (end?.message?.startsWith(SERVER_STOPPED)) return `went on after a server stop at ${at}${rate}`;
  if (end?.status === "cancelled") return `went on after a Stop at ${at}${rate}`;
  if (end?.interrupted) return `went on after it was interrupted at ${at}${rate}`;
  // No end before this start: it was paused when the server stopped, and a paused run is kept
  // as it is, with no end (runs/parked.py), until its Resume starts it again.
  if (end === null) return `went on after a server stop while paused at ${at}${rate}`;
  return `went on after it failed at ${at}${rate}`;
}

/** The run's history in a sentence, or null where it trained once, as it was started. */
export function historyText(marks: readonly HistoryMark[], copiedAt: CopiedAt | null = null): string | null {
  const starts = marks.filter((m): m is Start => m.kind === "start");
  if (starts.length === 0) return null;
  const copyUnstarted = copiedAt !== null && !starts.some((s) => s.seq > copiedAt.seq);
  if (starts.length === 1 && !copyUnstarted) return null;
  const ends = marks.filter((m): m is End => m.kind === "end");
  const last = ends.at(-1);
  const ended = last !== undefined && last.seq > starts.at(-1)!.seq;
  const first = starts[1] ? starts[1].firstEpoch - 1 : ended ? last.epoch : null;
  const clauses: string[] = [first === null ? "Trained" : first === 0 ? "Began training" : `Trained ${count(first, "epoch")}`];
  let resumed = false;
  for (let i = 1; i < starts.length; i += 1) {
    const previous = starts[i - 1]!;
    const next = starts[i]!;
    const end = [...ends].reverse().find((m) => m.seq > previous.seq && m.seq < next.seq) ?? null;
    const copied = copiedAt !== null && previous.seq <= copiedAt.seq && copiedAt.seq < next.seq;
    const said = wentOn(end, next, previous.epochs, copied);
    resumed ||= said.startsWith("went on");
    clauses.push(said);
  }
  const inAll = resumed && ended ? `: ${count(last.epoch, "epoch")} in all` : "";
  const copy = copyUnstarted ? ", then copied to train more as this new run (the original keeps its model)" : "";
  return `${clauses.join(", ")}${inAll}${copy}.`;
}
