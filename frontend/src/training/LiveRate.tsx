// The learning rate of a running or paused run, changed as it trains (as TensorFlow Playground's):
// prefilled with the rate it trains with now, lowered 10× in one press, checked as typed against
// the server's bounds; Set sends it, the field says it waits for the next step, and the run's
// `rate` event says where it took over (sentRate.ts; RunControls keeps what was sent, past the end).
import { useEffect, useId, useRef, useState } from "react";
import { client, runPath, unwrap } from "../api/client";
import { failureText } from "./requestFailure";
import type { NumberBounds, RateEvent } from "../api/types";
import { numberProblem } from "../editor/numberBounds";
import { useDecimalComma } from "../editor/useDecimalComma";
import { tenthOf } from "./continueRate";
import { liveRateHint, rateSetText, shownRate } from "./liveRate";
import { type SentRateState, waitingText } from "./sentRate";

interface Props {
  runId: string;
  /** The rate it trains with now (liveRate.liveRate). */
  rate: number;
  /** Its schedule, which starts over from a new rate; null: a constant rate. */
  schedule: string | null;
  bounds: NumberBounds;
  /** The last rate set as it trained, which the page says; null: none. */
  lastSet: RateEvent | null;
  /** The last step it trained: whether a step has trained with the rate set. */
  step: number;
  /** Where the rate sent last stands; null: none sent from this page. */
  sent: SentRateState | null;
  /** A rate is sent: from now its `rate` event is awaited; null: the server refused it. */
  onSending: (lr: number | null) => void;
  /** Why nothing can be sent now (the server is out of reach); null: it can. */
  offline: string | null;
  onError: (message: string | null) => void;
}

export function LiveRate({ runId, rate, schedule, bounds, lastSet, step, sent, onSending, offline, onError }: Props) {
  const [text, setText] = useState(shownRate(rate));
  const [edited, setEdited] = useState(false); // typed into: the run's own rate no longer replaces it
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (!edited) setText(shownRate(rate));
  }, [rate, edited]);
  useEffect(() => setEdited(false), [lastSet?.seq]); // the typed rate took over: it is the run's now
  const hintId = useId();
  const errorId = useId();
  const comma = useDecimalComma(text);
  const problem = comma.problem ?? numberProblem(text, bounds);
  const typed = Number(text);
  const same = problem === null && typed === Number(shownRate(rate));
  const why = offline ?? (problem ? `Learning rate: ${problem}` : same ? "Type a new rate first" : null);
  const change = (next: string) => {
    setText(next);
    setEdited(true);
  };
  const send = () => {
    setBusy(true);
    onError(null);
    onSending(typed); // before the request: its rate event may come before the reply
    unwrap(client.POST("/api/runs/{run_id}/rate", { ...runPath(runId), body: { learning_rate: typed } }))
      .then(() => input.current?.focus()) // Set turns disabled: the next rate is typed here
      .catch((e: unknown) => {
        onSending(null);
        onError(failureText(e));
      })
      .finally(() => setBusy(false));
  };
  return (
    <form
      className="continue-rate live-rate"
      data-testid="live-rate"
      onSubmit={(e) => {
        e.preventDefault();
        if (why === null && !busy) send();
      }}
    >
      <label>
        <span>Learning rate</span>
        <input
          type="number"
          step="any"
          ref={input}
          value={text}
          aria-label="Learning rate from the next step"
          aria-invalid={problem !== null}
          aria-describedby={problem ? `${errorId} ${hintId}` : hintId}
          data-testid="live-rate-input"
          onKeyDown={comma.onKeyDown}
          onChange={(e) => change(e.target.value)}
        />
      </label>
      <button type="button" data-testid="live-rate-lower" aria-label="Divide the learning rate by 10" title="Divide the learning rate by 10" disabled={problem !== null} onClick={() => change(String(tenthOf(typed)))}>
        ÷ 10
      </button>
      <button type="submit" data-testid="live-rate-set" disabled={why !== null || busy} title={why ?? "Train with this rate from the next step"}>
        Set
      </button>
      <small className="hint" id={hintId} data-testid="live-rate-hint">
        {liveRateHint(schedule)}
      </small>
      {problem && (
        <small className="field-error" id={errorId} role="alert" data-testid="live-rate-error">
          Learning rate: {problem}
        </small>
      )}
      <small className="muted" role="status" data-testid="live-rate-said">
        {sent?.kind === "waiting" ? waitingText(sent.lr) : lastSet ? rateSetText(lastSet, step) : ""}
      </small>
    </form>
  );
}
