// "Train N more epochs" for a run that ended: its plan becomes these N. A stopped run's
// Continue is the way to the epochs it had left, which the label says it drops. It says what
// Train does to the run's model, and offers to keep it: a copy trains on as a new run.
import { replacesText, type ModelNow } from "./moreEpochs";

interface Props {
  more: number;
  onMore: (more: number) => void;
  /** Epochs its plan had left, when Continue could still train them; 0: none. */
  epochsLeft: number;
  disabled: boolean;
  title?: string;
  onTrain: () => void;
  /** The model the run holds now, which Train replaces; null: none yet. */
  model?: ModelNow | null;
  /** Trains a copy of the run instead (a new run), the run keeping its model. */
  onTrainAsNew?: () => void;
}

export function MoreEpochs({ more, onMore, epochsLeft, disabled, title, onTrain, model = null, onTrainAsNew }: Props) {
  const valid = more >= 1;
  return (
    <>
      <span className="more-epochs">
        <button data-testid="more-epochs-button" disabled={disabled || !valid} title={title} onClick={onTrain}>
          Train
        </button>
        <input
          type="number"
          min={1}
          max={1000}
          value={more}
          aria-label="More epochs"
          data-testid="more-epochs-input"
          onChange={(e) => onMore(Math.floor(Number(e.target.value)))}
        />
        <span data-testid="more-epochs-label">{epochsLeft > 0 ? `more epochs, instead of the ${epochsLeft} left` : "more epochs"}</span>
        {onTrainAsNew && (
          <button className="primary" data-testid="more-epochs-new-run" disabled={disabled || !valid} title={title ?? "Keeps this run as it is: a copy of it trains on"} onClick={onTrainAsNew}>
            Train as a new run
          </button>
        )}
      </span>
      {onTrainAsNew && valid && (
        <p className="more-epochs-note muted" data-testid="more-epochs-note">
          <b>Train</b> {replacesText(model, more)}. <b>Train as a new run</b> keeps this run and its model: a copy of it trains the {more} more.
        </p>
      )}
    </>
  );
}
