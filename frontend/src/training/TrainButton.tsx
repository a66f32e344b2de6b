// The Train button, why it is off, and why the server refused the last try.
import { useId, useRef } from "react";
import type { DesignError, DesignFix } from "../api/types";
import { CodeText } from "../editor/CodeText";
import { FixButton } from "../editor/FixButton";
import { errorLine, errorText } from "./settingWords";
import { TrainBar } from "./TrainBar";
import "./trainButton.css";

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
  // Off, it stays in the Tab order and keeps the focus as it starts (aria-disabled, not disabled):
  // a disabled Train was skipped by Tab, its reason unheard, and pressed it dropped the focus to
  // the page while the run started or the server refused it.
  const off = disabledReason !== null || busy;
  const reasonId = useId();
  const press = () => {
    if (!off) onTrain();
  };
  return (
    <>
      <div className="train-row">
        <button
          ref={button}
          className="primary"
          data-testid="train-button"
          title={`Train (${TRAIN_SHORTCUT} comes here from anywhere in the editor)`}
          aria-disabled={off || undefined}
          aria-describedby={disabledReason ? reasonId : undefined}
          onClick={press}
        >
          {label}
        </button>
        {disabledReason && (
          <span className="disabled-reason" id={reasonId} data-testid="train-disabled-reason">
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
      <TrainBar watched={button} label={label} disabled={off} reason={disabledReason} refused={runErrors[0] ? errorText(runErrors[0]) : null} onTrain={onTrain} />
      {runErrors.length > 0 && (
        <ul className="run-errors" role="alert" data-testid="run-errors">
          {runErrors.map(errorLine).map(({ lead, text }, i) => (
            <li key={i}>
              {lead && <strong>{lead}: </strong>}
              <CodeText text={text} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
