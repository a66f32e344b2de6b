// A tabular model's inputs: one number field per feature, started at a typical sample.
import { useCallback, useEffect, useId, useRef, useState } from "react";
import type { DatasetSpec } from "../api/types";
import { COMMA_PROBLEM, useDecimalComma } from "../editor/useDecimalComma";

export function featureNames(dataset: DatasetSpec | null | undefined, count: number): string[] {
  const names = dataset?.standardisation?.features;
  return names && names.length === count ? names : Array.from({ length: count }, (_, i) => `x${i + 1}`);
}

/** A typical sample to start from: each feature's mean over the training set where known,
 * rounded to a hundredth of its spread (300, not 300.4903434664011). */
export function typicalValues(dataset: DatasetSpec | null | undefined, count: number): number[] {
  const stats = dataset?.standardisation;
  if (!stats || stats.mean.length !== count) return new Array<number>(count).fill(0);
  return stats.mean.map((mean, i) => {
    const decimals = Math.min(10, Math.max(0, 2 - Math.floor(Math.log10(stats.std[i] ?? 1))));
    return Number(mean.toFixed(decimals)) || 0; // || 0: no "-0"
  });
}

/** The features' spread over the training set (mean and standard deviation of each). */
export interface Spread {
  mean: number[];
  std: number[];
}

// Standard deviations from the training mean past which a value is said to be far out: a model's
// answer there extrapolates (a walkthrough typed -1e30 and got "100.0%" unremarked).
const FAR = 4;

const short = (v: number) => String(Number(v.toPrecision(3)));

/** "malic_acid (-1e+30; in training 2.34 ± 1.12)" for each typed value over FAR deviations from
 * its training mean; none where the spread is not known. */
export function farFromTraining(texts: string[], names: string[], spread: Spread | null | undefined): string[] {
  if (!spread || spread.mean.length !== names.length) return [];
  return names.flatMap((name, i) => {
    const value = Number.parseFloat(texts[i] ?? "");
    const [mean, std] = [spread.mean[i]!, spread.std[i]!];
    if (!Number.isFinite(value) || !(std > 0) || Math.abs(value - mean) <= FAR * std) return [];
    return [`${name} (${short(value)}; in training ${short(mean)} ± ${short(std)})`];
  });
}

interface FeatureProps {
  names: string[];
  start: number[];
  /** The training set's spread of each feature, to say where a value is far outside it. */
  spread?: Spread | null;
  onSubmit: (values: number[]) => void;
  /** A value typed or cleared: the fields' values now, or null while one is not a number. */
  onEdit?: (values: number[] | null) => void;
}

/** The numbers typed, or null while a field is empty or half typed (such as "-"): not taken for a 0. */
export function typedValues(texts: string[]): number[] | null {
  return texts.every((t) => Number.isFinite(Number.parseFloat(t))) ? texts.map(Number) : null;
}

interface FieldProps {
  name: string;
  index: number;
  text: string;
  missing: boolean;
  onText: (text: string) => void;
  /** Whether a comma typed into the field stands (Chromium drops it: "1,5" reads 15). */
  onComma: (index: number, typed: boolean) => void;
  /** The id of the form's comma message, said as the field's description while it has one. */
  commaId: string;
}

function FeatureField({ name, index, text, missing, onText, onComma, commaId }: FieldProps) {
  const comma = useDecimalComma(text);
  const typed = comma.problem !== null;
  useEffect(() => onComma(index, typed), [index, typed, onComma]);
  return (
    <label>
      <span>{name}</span>
      <input
        type="number"
        step="any"
        value={text}
        aria-invalid={missing || typed}
        aria-describedby={typed ? commaId : undefined}
        data-testid={`feature-${index}`}
        onKeyDown={comma.onKeyDown}
        onChange={(e) => onText(e.target.value)}
      />
    </label>
  );
}

export function FeatureInputs({ names, start, spread, onSubmit, onEdit }: FeatureProps) {
  // As typed: a field left empty (or half typed, such as "-") is not taken for a 0.
  const [texts, setTexts] = useState(() => start.map(String));
  const [commas, setCommas] = useState<ReadonlySet<number>>(new Set());
  const missing = names.filter((_, i) => !Number.isFinite(Number.parseFloat(texts[i] ?? "")));
  const comma = names.filter((_, i) => commas.has(i));
  const ready = missing.length === 0 && comma.length === 0;
  const far = farFromTraining(texts, names, spread);
  const onComma = useCallback(
    (index: number, typed: boolean) =>
      setCommas((old) => {
        if (old.has(index) === typed) return old;
        const next = new Set(old);
        if (typed) next.add(index);
        else next.delete(index);
        return next;
      }),
    [],
  );
  // A comma said holds back the question, as an empty field does; its mending asks again (not
  // at the first render, and not at each text: onText asks then).
  const said = comma.length > 0;
  const commaId = useId();
  const wasSaid = useRef(said);
  useEffect(() => {
    if (wasSaid.current === said) return;
    wasSaid.current = said;
    onEdit?.(said ? null : typedValues(texts));
  });
  return (
    <form className="feature-inputs" onSubmit={(e) => (e.preventDefault(), ready && onSubmit(texts.map(Number)))}>
      {names.map((name, i) => (
        <FeatureField
          key={name}
          name={name}
          index={i}
          text={texts[i] ?? ""}
          missing={missing.includes(name)}
          onComma={onComma}
          commaId={commaId}
          onText={(text) => {
            const next = texts.map((t, j) => (j === i ? text : t));
            setTexts(next);
            onEdit?.(said ? null : typedValues(next));
          }}
        />
      ))}
      {/* The form's action, as a button and not another field: plain, it read as a third box. */}
      <button type="submit" className="primary" data-testid="predict-button" disabled={!ready}>
        Predict
      </button>
      {missing.length > 0 && (
        <p className="muted" data-testid="feature-missing">
          Give a number for {missing.join(", ")}.
        </p>
      )}
      {far.length > 0 && (
        <p className="muted" data-testid="feature-far">
          Far outside what it trained on: {far.join(", ")}. Its answer there is a guess past its data, however sure it reads.
        </p>
      )}
      {said && (
        <p className="field-error" id={commaId} role="alert" data-testid="feature-comma">
          {comma.join(", ")}: {COMMA_PROBLEM}
        </p>
      )}
    </form>
  );
}
