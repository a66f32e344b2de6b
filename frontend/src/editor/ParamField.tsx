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

const NOT_A_NUMBER = "Type a number: what the field holds is none (clear it for the default).";
// Sent into a layer's design for a field holding no number: the server's check names the param
// and what it takes ("… got 'not a number'"), as for any text typed where a number goes.
const NOT_A_NUMBER_VALUE = "not a number";

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
  // A number field holding what is no number ("e", "1e"): the browser reads it as empty, which
  // is the default, so the field said "e" while the design took 16 and Train stayed on (an audit).
  const [notNumber, setNotNumber] = useState(false);
  const bounded = onProblem !== undefined;
  const problem = notNumber ? NOT_A_NUMBER : textProblem(spec, text, bounded);
  useEffect(() => onProblem?.(problem), [problem, onProblem]);
  useEffect(() => () => onProblem?.(null), [onProblem]); // a field that goes away stops nothing

  // A value changed elsewhere (a loaded design) replaces the text, unless it already says that
  // (parsed, or as typed where it does not parse: "[3, 5.5]" stays as the person wrote it).
  useEffect(() => {
    if (notNumber) return; // the marker sent for it is no text to show (a number field empties at it)
    setText((old) => {
      const parsed = parseParam(spec, old);
      const says = "value" in parsed ? parsed.value : asTyped(old);
      return toText(says) === toText(value) ? old : toText(value);
    });
  }, [spec, value, notNumber]);

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
        // Each keystroke, not onChange: React skips one that leaves the value "" ("" to "e", and
        // "e" to "" by Backspace).
        onInput={(e) => {
          const typed = e.currentTarget.value;
          const bad = numeric && e.currentTarget.validity.badInput;
          setText(typed);
          setNotNumber(bad);
          if (bad) {
            if (!bounded) onChange(NOT_A_NUMBER_VALUE); // the server names it, and Train waits
            return;
          }
          const parsed = parseParam(spec, typed);
          if ("value" in parsed && textProblem(spec, typed, bounded) === null) onChange(parsed.value);
          else if (!bounded) onChange(asTyped(typed));
        }}
        onChange={() => undefined /* onInput takes each keystroke; React asks for one here */}
      />
      {problem && (
        <small className="param-problem" id={errorId} data-testid={errorId}>
          {problem}
        </small>
      )}
    </>
  );
}
