// The held-out test set's share: how many training samples a run keeps apart, and why.
import { useEffect } from "react";
import type { Catalog, DatasetSpec, TrainingSettings } from "../api/types";
import { CodeText } from "../editor/CodeText";
import { NumberField } from "./NumberField";
import type { FieldProblems } from "./useFieldProblems";
import { heldOut, testSetProblem } from "./testSet";

interface Props {
  bounds: Catalog["setting_bounds"];
  settings: TrainingSettings;
  dataset: DatasetSpec | undefined;
  update: (change: Partial<TrainingSettings>) => void;
  problems: FieldProblems;
}

export function TestSetting({ bounds, settings, dataset, update, problems }: Props) {
  const fraction = settings.test_fraction ?? 0;
  const held = dataset ? heldOut(dataset.train_size, fraction) : 0;
  // A share the server would refuse keeps Train waiting, with its words (too few for every class).
  const problem = testSetProblem(dataset, fraction, bounds.test_fraction?.max ?? 0.5);
  const report = problems.reporter("Test set");
  useEffect(() => report(problem), [report, problem]);
  useEffect(() => () => report(null), [report]); // gone with the field
  return (
    <>
      <NumberField
        label="Test set share"
        help="Share of the training samples kept apart as a test set; 0: none"
        testId="test-fraction-input"
        step={0.05}
        bounds={bounds.test_fraction ?? { integer: false, min: 0, max: 0.5, min_exclusive: false, max_exclusive: false }}
        value={fraction}
        onChange={(test_fraction) => update({ test_fraction: test_fraction ?? 0 })}
        onProblem={problems.reporter("Test set share")}
      />
      <p className={problem ? "field-error" : "hint"} data-testid="test-fraction-hint" role={problem ? "alert" : undefined}>
        {problem ? <CodeText text={problem} /> : held > 0
          ? `${held.toLocaleString("en-US")} training samples kept apart, never trained on nor used to pick the model: the final model is tested on them once.`
          : "0: no test set. Tuning on validation (early stopping, comparing runs) flatters it; a test set kept apart says how the model really does."}
      </p>
    </>
  );
}
