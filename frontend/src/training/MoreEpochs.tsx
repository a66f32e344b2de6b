// "Train N more epochs" for a run that ended: its plan becomes these N. A stopped run's
// Continue is the way to the epochs it had left, which the label says it drops.
interface Props {
  more: number;
  onMore: (more: number) => void;
  /** Epochs its plan had left, when Continue could still train them; 0: none. */
  epochsLeft: number;
  disabled: boolean;
  title?: string;
  onTrain: () => void;
}

export function MoreEpochs({ more, onMore, epochsLeft, disabled, title, onTrain }: Props) {
  return (
    <span className="more-epochs">
      <button data-testid="more-epochs-button" disabled={disabled || !(more >= 1)} title={title} onClick={onTrain}>
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
    </span>
  );
}
