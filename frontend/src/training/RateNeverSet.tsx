// A new learning rate its owner sent as the run ended (its last step trained, or a Stop came
// first): no step trained with it, and the page says so where it would have waited for it; the
// run goes on with it from here in one press, where it can go on: the main button, above the plain
// Continue at the old rate (RunControls).
import { neverSetText } from "./sentRate";

interface Props {
  lr: number;
  /** The run was stopped (a Stop came before the rate), not finished. */
  stopped: boolean;
  /** The button's words, such as "Continue with 0.001"; null: it cannot go on. */
  goOnLabel: string | null;
  onGoOn: () => void;
  disabled: boolean;
  /** Why the button waits (the server is out of reach). */
  title?: string;
}

export function RateNeverSet({ lr, stopped, goOnLabel, onGoOn, disabled, title }: Props) {
  return (
    <p className="rate-never-set" data-testid="rate-never-set" role="status">
      <span>{neverSetText(lr, stopped)}</span>
      {goOnLabel && (
        <button type="button" className="primary" data-testid="rate-never-set-continue" disabled={disabled} title={title} onClick={onGoOn}>
          {goOnLabel}
        </button>
      )}
    </p>
  );
}
