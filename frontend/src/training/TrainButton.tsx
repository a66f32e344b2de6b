// The Train button, why it is off, and why the server refused the last try.
import type { DesignError } from "../api/types";
import { CodeText } from "../editor/CodeText";

interface Props {
  disabledReason: string | null;
  busy: boolean;
  runErrors: DesignError[];
  onTrain: () => void;
}

export function TrainButton({ disabledReason, busy, runErrors, onTrain }: Props) {
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
