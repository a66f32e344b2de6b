// The learning rate, epochs, batch size and seed: typed numbers, each checked against the server's bounds.
import { useEffect, useMemo, useState } from "react";
import type { Catalog, TrainingSettings } from "../api/types";
import { NumberField } from "./NumberField";

type NumberKey = "lr" | "epochs" | "batch_size" | "seed";

const FIELDS: { key: NumberKey; label: string; testId: string; help: string }[] = [
  { key: "lr", label: "Learning rate", testId: "lr-input", help: "Step size of the optimizer" },
  { key: "epochs", label: "Epochs", testId: "epochs-input", help: "Passes over the training set" },
  { key: "batch_size", label: "Batch size", testId: "batch-size-input", help: "Samples per optimizer step" },
  { key: "seed", label: "Seed", testId: "seed-input", help: "Same seed, same run" },
];

interface Props {
  bounds: Catalog["setting_bounds"];
  settings: TrainingSettings;
  update: (change: Partial<TrainingSettings>) => void;
  /** Why Train must wait for these fields ("Epochs: 0 is too small; …"), or null when they fit. */
  onProblem: (reason: string | null) => void;
}

export function NumberSettings({ bounds, settings, update, onProblem }: Props) {
  const [problems, setProblems] = useState<Partial<Record<NumberKey, string>>>({});
  // One steady callback a field, so that a field reports only when its problem changes.
  const reporters = useMemo(
    () =>
      Object.fromEntries(
        FIELDS.map(({ key }) => [
          key,
          (problem: string | null) =>
            setProblems((old) => (old[key] === (problem ?? undefined) ? old : { ...old, [key]: problem ?? undefined })),
        ]),
      ) as Record<NumberKey, (problem: string | null) => void>,
    [],
  );
  const first = FIELDS.find(({ key }) => problems[key]);
  const reason = first ? `${first.label}: ${problems[first.key]}` : null;
  useEffect(() => onProblem(reason), [reason, onProblem]);

  const field = ({ key, label, testId, help }: (typeof FIELDS)[number]) => (
    <NumberField
      key={key}
      label={label}
      testId={testId}
      help={help}
      value={settings[key]}
      bounds={bounds[key] ?? { integer: key !== "lr", min_exclusive: false, max_exclusive: false }}
      onChange={(value) => update({ [key]: value })}
      onProblem={reporters[key]}
    />
  );
  return (
    <>
      <div className="field-row">{FIELDS.slice(0, 2).map(field)}</div>
      <div className="field-row">{FIELDS.slice(2).map(field)}</div>
    </>
  );
}
