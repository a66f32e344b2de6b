// A labelled number input that keeps what is typed and passes on only numbers that fit.
import { useEffect, useState } from "react";

interface Props {
  label: string;
  value: number;
  integer?: boolean;
  min?: number;
  help?: string;
  testId: string;
  onChange: (value: number) => void;
}

export function NumberField({ label, value, integer = false, min, help, testId, onChange }: Props) {
  const [text, setText] = useState(String(value));
  useEffect(() => setText((old) => (Number(old) === value ? old : String(value))), [value]);
  const n = Number(text);
  const ok = text.trim() !== "" && Number.isFinite(n) && (!integer || Number.isInteger(n)) && (min === undefined || n >= min);
  return (
    <label className="field" title={help}>
      <span>{label}</span>
      <input
        type="number"
        step={integer ? 1 : "any"}
        min={min}
        value={text}
        aria-invalid={!ok}
        data-testid={testId}
        onChange={(e) => {
          setText(e.target.value);
          const v = Number(e.target.value);
          const valid = e.target.value.trim() !== "" && Number.isFinite(v) && (!integer || Number.isInteger(v)) && (min === undefined || v >= min);
          if (valid) onChange(v);
        }}
      />
    </label>
  );
}
