// One param of a layer: the input that fits its kind, with its help text beside it.
import { useEffect, useState } from "react";
import type { ParamSpec, ParamValue } from "../api/types";
import { asParamValue, parseParam, toText } from "./paramText";

interface Props {
  layerId: string;
  spec: ParamSpec;
  value: ParamValue | undefined;
  hasError: boolean;
  onChange: (value: ParamValue | undefined) => void;
}

export function ParamField({ layerId, spec, value, hasError, onChange }: Props) {
  const inputId = `param-${layerId}-${spec.name}`;
  const range = [spec.min !== null ? `min ${spec.min}` : "", spec.max !== null ? `max ${spec.max}` : ""]
    .filter(Boolean)
    .join(", ");
  return (
    <div className={`param ${hasError ? "param-error" : ""}`} title={spec.help}>
      <label htmlFor={inputId} className="param-name">
        {spec.name}
      </label>
      <ParamInput inputId={inputId} spec={spec} value={value} onChange={onChange} />
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
  onChange: (value: ParamValue | undefined) => void;
}

function ParamInput({ inputId, spec, value, onChange }: InputProps) {
  if (spec.kind === "bool") {
    const checked = (value ?? asParamValue(spec.default)) === true;
    return <input id={inputId} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />;
  }
  if (spec.kind === "choice") {
    const choices = spec.choices ?? [];
    const current = value ?? asParamValue(spec.default);
    const index = choices.findIndex((c) => c === current);
    return (
      <select id={inputId} value={index} onChange={(e) => onChange(asParamValue(choices[Number(e.target.value)]))}>
        {choices.map((choice, i) => (
          <option key={String(choice)} value={i}>
            {String(choice)}
          </option>
        ))}
      </select>
    );
  }
  return <TextParamInput inputId={inputId} spec={spec} value={value} onChange={onChange} />;
}

/** Numbers and int-or-pair: keeps what is typed, and passes it on only once it parses. */
function TextParamInput({ inputId, spec, value, onChange }: InputProps) {
  const [text, setText] = useState(toText(value));
  const [problem, setProblem] = useState<string | null>(null);

  // A value changed elsewhere (a loaded design) replaces the text, unless it already says that.
  useEffect(() => {
    setText((old) => {
      const parsed = parseParam(spec, old);
      return "value" in parsed && toText(parsed.value) === toText(value) ? old : toText(value);
    });
  }, [spec, value]);

  const numeric = spec.kind === "int" || spec.kind === "float";
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
        aria-invalid={problem !== null}
        onChange={(e) => {
          setText(e.target.value);
          const parsed = parseParam(spec, e.target.value);
          if ("error" in parsed) setProblem(`Type ${parsed.error}.`);
          else {
            setProblem(null);
            onChange(parsed.value);
          }
        }}
      />
      {problem && <small className="param-problem">{problem}</small>}
    </>
  );
}
