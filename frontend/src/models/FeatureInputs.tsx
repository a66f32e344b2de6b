// A tabular model's inputs: one number field per feature, started at a typical sample.
import { useState } from "react";
import type { DatasetSpec } from "../api/types";

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

interface FeatureProps {
  names: string[];
  start: number[];
  onSubmit: (values: number[]) => void;
  /** A value typed or cleared: the fields' values now, or null while one is not a number. */
  onEdit?: (values: number[] | null) => void;
}

/** The numbers typed, or null while a field is empty or half typed (such as "-"): not taken for a 0. */
export function typedValues(texts: string[]): number[] | null {
  return texts.every((t) => Number.isFinite(Number.parseFloat(t))) ? texts.map(Number) : null;
}

export function FeatureInputs({ names, start, onSubmit, onEdit }: FeatureProps) {
  // As typed: a field left empty (or half typed, such as "-") is not taken for a 0.
  const [texts, setTexts] = useState(() => start.map(String));
  const missing = names.filter((_, i) => !Number.isFinite(Number.parseFloat(texts[i] ?? "")));
  return (
    <form className="feature-inputs" onSubmit={(e) => (e.preventDefault(), missing.length === 0 && onSubmit(texts.map(Number)))}>
      {names.map((name, i) => (
        <label key={name}>
          <span>{name}</span>
          <input
            type="number"
            step="any"
            value={texts[i]}
            aria-invalid={missing.includes(name)}
            data-testid={`feature-${i}`}
            onChange={(e) => {
              const next = texts.map((t, j) => (j === i ? e.target.value : t));
              setTexts(next);
              onEdit?.(typedValues(next));
            }}
          />
        </label>
      ))}
      {/* The form's action, as a button and not another field: plain, it read as a third box. */}
      <button type="submit" className="primary" data-testid="predict-button" disabled={missing.length > 0}>
        Predict
      </button>
      {missing.length > 0 && (
        <p className="muted" data-testid="feature-missing">
          Give a number for {missing.join(", ")}.
        </p>
      )}
    </form>
  );
}
