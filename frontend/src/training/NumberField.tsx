// A labelled number input that keeps what is typed, passes on only numbers that fit, and says why not.
import { useEffect, useId, useState } from "react";
import type { NumberBounds } from "../api/types";
import { numberProblem } from "./numberBounds";

interface Props {
  label: string;
  value: number;
  /** What the server accepts, from the catalogue (TrainingSettings' own constraints). */
  bounds: NumberBounds;
  help?: string;
  testId: string;
  onChange: (value: number) => void;
  /** What is wrong with the typed text, or null once it fits; Train waits for null. */
  onProblem: (problem: string | null) => void;
}

export function NumberField({ label, value, bounds, help, testId, onChange, onProblem }: Props) {
  const [text, setText] = useState(String(value));
  useEffect(() => setText((old) => (Number(old) === value ? old : String(value))), [value]);
  const problem = numberProblem(text, bounds);
  useEffect(() => onProblem(problem), [problem, onProblem]);
  const errorId = useId();
  return (
    <label className="field" title={help}>
      <span>{label}</span>
      <input
        type="number"
        step={bounds.integer ? 1 : "any"}
        min={bounds.min_exclusive ? undefined : (bounds.min ?? undefined)}
        max={bounds.max_exclusive ? undefined : (bounds.max ?? undefined)}
        value={text}
        aria-invalid={problem !== null}
        aria-describedby={problem ? errorId : undefined}
        data-testid={testId}
        onChange={(e) => {
          setText(e.target.value);
          if (numberProblem(e.target.value, bounds) === null) onChange(Number(e.target.value));
        }}
      />
      {problem && (
        <small className="field-error" id={errorId} data-testid={`${testId}-error`}>
          {problem}
        </small>
      )}
    </label>
  );
}
