// The answers for typed values, live: asked once typing pauses (TYPING_PAUSE_MS), one question on
// its way at a time (NewestCheck), and an answer shown only while the fields still hold the values
// it is for. A busy server (429 or 503) is asked the same again after its Retry-After, unless the
// values change first; the answer shown meanwhile stays.
import { isBusy, retryAfterMs } from "../api/busy";
import type { Prediction } from "../api/types";
import { NewestCheck } from "../editor/newestCheck";

/** How long typing must pause before the values are asked about: a number typed at a normal pace
 * (a key every 100-250 ms) is asked about once, not at each digit. */
export const TYPING_PAUSE_MS = 350;

type Reply = { kind: "answer"; answer: Prediction } | { kind: "busy"; waitMs: number } | { kind: "refused"; error: unknown };

export interface TypedHandlers {
  onAnswer: (values: number[], answer: Prediction) => void;
  /** The server is busy: the same values are asked again in `waitMs`, unless they change first. */
  onBusy: (waitMs: number) => void;
  /** The server refused these values for good (or could not be reached). */
  onRefused: (values: number[], error: unknown) => void;
}

/** Whether two lists of values are the same numbers: an answer for one is the other's. */
export function sameValues(a: readonly number[] | null, b: readonly number[] | null): boolean {
  return a !== null && b !== null && a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

export class TypedAnswers {
  private fields: number[] | null; // what the fields hold now: null while one is not a number
  private answeredFor: number[] | null = null; // the values the answer shown is for
  private timer: ReturnType<typeof setTimeout> | undefined; // the pause's end, or a busy server's retry
  private readonly check: NewestCheck<number[], Reply>;

  constructor(send: (values: number[]) => Promise<Prediction>, handlers: TypedHandlers, start: number[] | null) {
    this.fields = start;
    const ask = (values: number[]) =>
      send(values).then(
        (answer): Reply => ({ kind: "answer", answer }),
        (error: unknown): Reply => (isBusy(error) ? { kind: "busy", waitMs: retryAfterMs(error.retryAfter) } : { kind: "refused", error }),
      );
    this.check = new NewestCheck(ask, (values, reply) => {
      if (!sameValues(values, this.fields)) return; // typed over since it was asked: not these values'
      if (reply.kind === "busy") {
        handlers.onBusy(reply.waitMs);
        this.wait(reply.waitMs, values);
      } else if (reply.kind === "answer") {
        this.answeredFor = values;
        handlers.onAnswer(values, reply.answer);
      } else {
        this.answeredFor = null; // the answer shown is cleared for the refusal
        handlers.onRefused(values, reply.error);
      }
    });
  }

  /** The fields changed (null: one is not a number): asked once typing pauses, unless the answer
   * shown is already these values'. */
  typed(values: number[] | null): void {
    this.fields = values;
    clearTimeout(this.timer);
    if (values !== null && !sameValues(values, this.answeredFor)) this.wait(TYPING_PAUSE_MS, values);
  }

  /** Predict pressed: asked at once, whatever the answer shown. */
  askNow(values: number[]): void {
    this.fields = values;
    clearTimeout(this.timer);
    this.check.ask(values);
  }

  /** Nothing more is asked or shown (the page is gone). */
  close(): void {
    clearTimeout(this.timer);
    this.check.close();
  }

  private wait(ms: number, values: number[]): void {
    this.timer = setTimeout(() => this.check.ask(values), ms);
  }
}
