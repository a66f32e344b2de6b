// The Train button, why it is off, and why the server refused the last try.
import { useRef } from "react";
import type { DesignError, DesignFix } from "../api/types";
import { CodeText } from "../editor/CodeText";
import { FixButton } from "../editor/FixButton";
import { TrainBar } from "./TrainBar";

/** The shortcut to Train from anywhere in the editor (app/SkipToTraining.tsx). */
export const TRAIN_SHORTCUT = "Alt+T" as const;

interface Props {
  disabledReason: string | null;
  busy: boolean;
  /** How many runs Train starts: several where a setting's values are tried (sweep/), each said. */
  runs: number;
  runErrors: DesignError[];
  hints: DesignError[];
  onTrain: () => void;
  /** Applies a hint's one-click fix to the design (NLLLoss's LogSoftmax at the end). */
  onFix: (fix: DesignFix) => void;
}

export function TrainButton({ disabledReason, busy, runs, runErrors, hints, onTrain, onFix }: Props) {
  const button = useRef<HTMLButtonElement>(null);
  // The fixed hint goes, and its button with it: the keyboard's focus goes to Train, not the page.
  const fix = (applied: DesignFix) => {
    onFix(applied);
    button.current?.focus();
  };
  const label = busy ? "Starting…" : runs > 1 ? `Train ${runs} runs` : "Train";
  return (
    <>
      <div className="train-row">
        <button ref={button} className="primary" data-testid="train-button" title={`Train (${TRAIN_SHORTCUT} comes here from anywhere in the editor)`} disabled={disabledReason !== null || busy} onClick={onTrain}>
          {label}
        </button>
        {disabledReason && (
          <span className="disabled-reason" data-testid="train-disabled-reason">
            <CodeText text={disabledReason} />
          </span>
        )}
      </div>
      {hints.map((hint) => (
        <div key={`${hint.node ?? ""}.${hint.field ?? ""}:${hint.message}`} className="hint train-hint" data-testid="train-hint">
          <p>
            <CodeText text={hint.message} />
          </p>
          {hint.fix && <FixButton fix={hint.fix} testId="train-hint-fix" onFix={fix} />}
        </div>
      ))}
      <TrainBar watched={button} label={label} disabled={disabledReason !== null || busy} reason={disabledReason} refused={runErrors[0]?.message ?? null} onTrain={onTrain} />
      {runErrors.length > 0 && (
        <ul className="run-errors" role="alert" data-testid="run-errors">
          {runErrors.map((e, i) => (
            <li key={i}>
              {lead(e) && <strong>{lead(e)}: </strong>}
              <CodeText text={e.message} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** What the error is about, in bold before it: its layer (and field), or a field the message does
 *  not already begin with ("training.epochs: 5000 is over…" says its own). */
function lead(e: DesignError): string | null {
  if (e.node) return e.field ? `${e.node}.${e.field}` : e.node;
  if (!e.field) return null;
  const path = e.message.split(": ", 1)[0] ?? "";
  return path === e.field || path.endsWith(`.${e.field}`) ? null : e.field;
}
