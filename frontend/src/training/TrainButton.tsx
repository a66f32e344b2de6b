// The Train button, why it is off, and why the server refused the last try.
import type { DesignError } from "../api/types";
import { CodeText } from "../editor/CodeText";

interface Props {
  disabledReason: string | null;
  busy: boolean;
  runErrors: DesignError[];
  hints: DesignError[];
  onTrain: () => void;
}

export function TrainButton({ disabledReason, busy, runErrors, hints, onTrain }: Props) {
  return (
    <>
      <div className="train-row">
        <button className="primary" data-testid="train-button" disabled={disabledReason !== null || busy} onClick={onTrain}>
          {busy ? "Starting…" : "Train"}
        </button>
        {disabledReason && (
          <span className="disabled-reason" data-testid="train-disabled-reason">
            <CodeText text={disabledReason} />
          </span>
        )}
      </div>
      {hints.map((hint, i) => (
        <p key={i} className="hint train-hint" data-testid="train-hint">
          <CodeText text={hint.message} />
        </p>
      ))}
      {runErrors.length > 0 && (
        <ul className="run-errors" role="alert" data-testid="run-errors">
          {runErrors.map((e, i) => (
            <li key={i}>
              {e.node ? <strong>{e.node}{e.field ? `.${e.field}` : ""}: </strong> : e.field ? <strong>{e.field}: </strong> : null}
              <CodeText text={e.message} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
