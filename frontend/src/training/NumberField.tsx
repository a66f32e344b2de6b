// A labelled number input that keeps what is typed, passes on only numbers that fit, and says why not.
import { useEffect, useId, useState } from "react";
import type { NumberBounds } from "../api/types";
import { numberProblem } from "../editor/numberBounds";
import { useDecimalComma } from "../editor/useDecimalComma";
import type { ReportProblem } from "./useFieldProblems";
import "./numberField.css";

interface Props {
  label: string;
  /** null: empty, which an optional setting reads as off. */
  value: number | null;
  /** What the server accepts, from the catalogue (TrainingSettings' own constraints). */
  bounds: NumberBounds;
  /** Empty is allowed and means off (null), as for gradient clipping. */
  optional?: boolean;
  help?: string;
  /** What the arrows add; by default 1 for whole numbers and any step for others. */
  step?: number;
  testId: string;
  onChange: (value: number | null) => void;
  /** What is wrong with the typed text, or null once it fits; Train waits for null. */
  onProblem: ReportProblem;
  /** Why the field is not used now (another control sets it), said under it; null: in use. */
  unused?: string | null;
}

/** The problem with the typed text, or null when it fits (or is empty where empty means off). */
function problemOf(text: string, bounds: NumberBounds, optional: boolean): string | null {
  return optional && text.trim() === "" ? null : numberProblem(text, bounds);
}

export function NumberField({ label, value, bounds, optional = false, help, step, testId, onChange, onProblem, unused = null }: Props) {
  const shown = (v: number | null) => (v === null ? "" : String(v));
  const [text, setText] = useState(shown(value));
  useEffect(() => setText((old) => (old.trim() !== "" && Number(old) === value ? old : shown(value))), [value]);
  const comma = useDecimalComma(text); // a whole number's comma separates thousands, which Chromium drops rightly
  const typedProblem = (bounds.integer ? null : comma.problem) ?? problemOf(text, bounds, optional);
  const problem = unused === null ? typedProblem : null; // not used: cannot stop a run
  useEffect(() => onProblem(problem), [problem, onProblem]);
  useEffect(() => () => onProblem(null), [onProblem]); // a field that goes away stops no run
  const errorId = useId();
  const inputId = useId();
  const unusedId = useId();
  const described = [problem ? errorId : null, unused ? unusedId : null].filter(Boolean).join(" ");
  // The label names the input alone: the error and the note are after it, not in it, so its name
  // stays "Learning rate" (inside the label, the name read "Learning rate -1 is too small…"), and
  // they are read as its description.
  return (
    <div className="field" title={help}>
      <label htmlFor={inputId}>{label}</label>
      <input
        id={inputId}
        type="number"
        step={step ?? (bounds.integer ? 1 : "any")}
        min={bounds.min_exclusive ? undefined : (bounds.min ?? undefined)}
        max={bounds.max_exclusive ? undefined : (bounds.max ?? undefined)}
        placeholder={optional ? "off" : undefined}
        value={text}
        aria-invalid={problem !== null}
        aria-describedby={described || undefined}
        data-testid={testId}
        disabled={unused !== null}
        onKeyDown={comma.onKeyDown}
        onChange={(e) => {
          setText(e.target.value);
          if (problemOf(e.target.value, bounds, optional) !== null) return;
          onChange(e.target.value.trim() === "" ? null : Number(e.target.value));
        }}
      />
      {problem && (
        <small className="field-error" id={errorId} data-testid={`${testId}-error`}>
          {problem}
        </small>
      )}
      {unused && (
        <small className="hint" id={unusedId} data-testid={`${testId}-unused`}>
          {unused}
        </small>
      )}
    </div>
  );
}
