// One param of a layer: the input that fits its kind, with its help text beside it.
import { useEffect, useState } from "react";
import type { ParamSpec, ParamValue } from "../api/types";
import { numberProblem, paramBounds } from "./numberBounds";
import { asParamValue, asTyped, parseParam, toText } from "./paramText";

interface Props {
  layerId: string;
  spec: ParamSpec;
  value: ParamValue | undefined;
  /** The ids of the errors about this param, shown elsewhere (a layer's, under its card): the field
   * is marked invalid and described by them. */
  errorIds?: string;
  onChange: (value: ParamValue | undefined) => void;
  /** Given (training options): a number outside the param's range, or text that is no number, is
   * not passed on but said under the field, and reported here; null once it fits. Layers leave it
   * out: what they type goes into the design as typed (asTyped), and the server names the error. */
  onProblem?: (problem: string | null) => void;
}

export function ParamField({ layerId, spec, value, errorIds = "", onChange, onProblem }: Props) {
  const hasError = errorIds !== "";
  const inputId = `param-${layerId}-${spec.name}`;
  const range = [spec.min !== null ? `min ${spec.min}` : "", spec.max !== null ? `max ${spec.max}` : ""]
    .filter(Boolean)
    .join(", ");
  return (
    <div className={`param ${hasError ? "param-error" : ""}`} title={spec.help}>
      <label htmlFor={inputId} className="param-name">
        {spec.name}
      </label>
      <ParamInput inputId={inputId} spec={spec} value={value} errorIds={errorIds} onChange={onChange} onProblem={onProblem} />
      <small className="param-help">
        {spec.help}
        {range && <span className="param-range"> ({range})</span>}
      </small>
    </div>
  );
}

interface InputProps {
  inputId: string;
  spec: ParamSpec;
  value: ParamValue | undefined;
  errorIds: string;
  onChange: (value: ParamValue | undefined) => void;
  onProblem?: (problem: string | null) => void;
}

/** aria-invalid and aria-describedby of a field with these errors' ids (none: valid). */
const marked = (ids: string) => ({ "aria-invalid": ids !== "", "aria-describedby": ids || undefined });

function ParamInput({ inputId, spec, value, errorIds, onChange, onProblem }: InputProps) {
  if (spec.kind === "bool") {
    const checked = (value ?? asParamValue(spec.default)) === true;
    return <input id={inputId} type="checkbox" checked={checked} {...marked(errorIds)} onChange={(e) => onChange(e.target.checked)} />;
  }
  if (spec.kind === "choice") {
    const choices = spec.choices ?? [];
    const current = value ?? asParamValue(spec.default);
    const index = choices.findIndex((c) => c === current);
    return (
      <select id={inputId} value={index} {...marked(errorIds)} onChange={(e) => onChange(asParamValue(choices[Number(e.target.value)]))}>
        {choices.map((choice, i) => (
          <option key={String(choice)} value={i}>
            {String(choice)}
          </option>
        ))}
      </select>
    );
  }
  return <TextParamInput inputId={inputId} spec={spec} value={value} errorIds={errorIds} onChange={onChange} onProblem={onProblem} />;
}

/** What is wrong with the typed text: it does not parse, or (when bounded) is out of the param's range. */
function textProblem(spec: ParamSpec, text: string, bounded: boolean): string | null {
  const parsed = parseParam(spec, text);
  if ("error" in parsed) return `Type ${parsed.error}.`;
  const numeric = spec.kind === "int" || spec.kind === "float";
  return bounded && numeric && parsed.value !== undefined ? numberProblem(text.trim(), paramBounds(spec)) : null;
}

/** Numbers and int-or-pair: keeps what is typed, and passes it on only once it parses (and fits). */
function TextParamInput({ inputId, spec, value, errorIds, onChange, onProblem }: InputProps) {
  const [text, setText] = useState(toText(value));
  const bounded = onProblem !== undefined;
  const problem = textProblem(spec, text, bounded);
  useEffect(() => onProblem?.(problem), [problem, onProblem]);
  useEffect(() => () => onProblem?.(null), [onProblem]); // a field that goes away stops nothing

  // A value changed elsewhere (a loaded design) replaces the text, unless it already says that
  // (parsed, or as typed where it does not parse: "[3, 5.5]" stays as the person wrote it).
  useEffect(() => {
    setText((old) => {
      const parsed = parseParam(spec, old);
      const says = "value" in parsed ? parsed.value : asTyped(old);
      return toText(says) === toText(value) ? old : toText(value);
    });
  }, [spec, value]);

  const numeric = spec.kind === "int" || spec.kind === "float";
  const errorId = `${inputId}-error`;
  return (
    <>
      <input
        id={inputId}
        type={numeric ? "number" : "text"}
        inputMode={numeric ? "decimal" : "text"}
        step={spec.kind === "int" ? 1 : "any"}
        min={spec.min ?? undefined}
        max={spec.max ?? undefined}
        placeholder={toText(asParamValue(spec.default)) || "none"}
        value={text}
        {...marked([problem ? errorId : "", errorIds].filter(Boolean).join(" "))}
        onChange={(e) => {
          setText(e.target.value);
          const parsed = parseParam(spec, e.target.value);
          if ("value" in parsed && textProblem(spec, e.target.value, bounded) === null) onChange(parsed.value);
          else if (!bounded) onChange(asTyped(e.target.value));
        }}
      />
      {problem && (
        <small className="param-problem" id={errorId} data-testid={errorId}>
          {problem}
        </small>
      )}
    </>
  );
}
