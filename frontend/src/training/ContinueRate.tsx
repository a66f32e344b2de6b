// The learning rate a run goes on with: prefilled with the rate it trains with now, lowered 10× in
// one press, checked as typed against the server's bounds; Continue and Train N more send it.
import { useId, type KeyboardEvent } from "react";
import { rateHint, tenthOf } from "./continueRate";

interface Props {
  text: string;
  onText: (text: string) => void;
  /** A comma typed here (useDecimalComma.ts). */
  onKeyDown: (event: KeyboardEvent<HTMLInputElement>) => void;
  /** What is wrong with the text (against TrainingSettings.lr's bounds, or a comma), or null. */
  problem: string | null;
  /** The run's schedule, which starts over from a new rate; null: a constant rate. */
  schedule: string | null;
  disabled: boolean;
  /** The run's rate, where the field starts at a tenth of it for that rate was too high; else null. */
  lowered?: number | null;
}

export function ContinueRate({ text, onText, onKeyDown, problem, schedule, disabled, lowered = null }: Props) {
  const hintId = useId();
  const errorId = useId();
  const typed = Number(text);
  return (
    <span className="continue-rate" data-testid="continue-rate">
      <label>
        <span>with learning rate</span>
        <input
          type="number"
          step="any"
          value={text}
          disabled={disabled}
          // A name that stands on its own, as a screen reader says it out of the line ("with learning
          // rate" alone was a fragment), holding the words shown beside it.
          aria-label="Continue with learning rate"
          aria-invalid={problem !== null}
          aria-describedby={problem ? `${errorId} ${hintId}` : hintId}
          data-testid="continue-rate-input"
          onKeyDown={onKeyDown}
          onChange={(e) => onText(e.target.value)}
        />
      </label>
      <button type="button" data-testid="continue-rate-lower" aria-label="Divide the learning rate by 10" title="Divide the learning rate by 10" disabled={disabled || problem !== null} onClick={() => onText(String(tenthOf(typed)))}>
        ÷ 10
      </button>
      <small className="hint" id={hintId} data-testid="continue-rate-hint">
        {rateHint(schedule, lowered !== null && Number(text) === tenthOf(lowered) ? lowered : null)}
      </small>
      {problem && (
        <small className="field-error" id={errorId} role="alert" data-testid="continue-rate-error">
          Learning rate: {problem}
        </small>
      )}
    </span>
  );
}
