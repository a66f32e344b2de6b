// The learning rate, epochs, batch size and seed: typed numbers, each checked against the server's bounds.
import type { Catalog, TrainingSettings } from "../api/types";
import { NumberField } from "./NumberField";
import type { FieldProblems } from "./useFieldProblems";

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
  /** Where each field says what is wrong with it; Train waits for them all. */
  problems: FieldProblems;
  /** The setting Try several values gives several values, if any: its field here is not used. */
  swept: string | null;
}

/** Said under a field whose setting Try several values sets. */
export const SWEPT = "Not used: Try several values below sets it, one run a value.";

export function NumberSettings({ bounds, settings, update, problems, swept }: Props) {
  const field = ({ key, label, testId, help }: (typeof FIELDS)[number]) => (
    <NumberField
      key={key}
      label={label}
      testId={testId}
      help={help}
      value={settings[key]}
      bounds={bounds[key] ?? { integer: key !== "lr", min_exclusive: false, max_exclusive: false }}
      onChange={(value) => value !== null && update({ [key]: value })}
      onProblem={problems.reporter(label)}
      unused={swept === key ? SWEPT : null}
    />
  );
  return (
    <>
      <div className="field-row">{FIELDS.slice(0, 2).map(field)}</div>
      <div className="field-row">{FIELDS.slice(2).map(field)}</div>
    </>
  );
}
