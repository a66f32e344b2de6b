// What the workbench asks of a design before Train: whether it can be trained, and what its
// output is checked against.
import type { DatasetSpec, Design, OutputTarget } from "../api/types";
import type { Validation } from "../editor/useValidation";

/** Why Train is disabled, or null when the design can be trained. */
export function trainBlocker(design: Design, validation: Validation): string | null {
  if (design.layers.length === 0) return "Add a layer to the design first.";
  // A busy server has said nothing of this design, and may stay busy a while: Train stays open, as
  // the server checks the design again when the run is asked for.
  if (validation.pending || !validation.result) {
    if (validation.unreachable) return "Could not reach the server: Train waits until it has checked the design.";
    return validation.busy ? null : "Checking the design…";
  }
  const errors = validation.result.errors;
  if (errors.length === 0 && validation.result.valid) return null;
  if (errors.length === 0) return "The design is not valid.";
  const plural = errors.length === 1 ? "error" : "errors";
  return `Fix ${errors.length} ${plural} in the design first: ${errors[0]!.message}`;
}

/** What the output is checked against as the design changes: the loss and the dataset's targets. */
export function outputTarget(dataset: DatasetSpec | undefined, loss: string): OutputTarget | null {
  if (!dataset || !loss) return null;
  const { title, task, classes, target_shape, standardisation } = dataset;
  const standardised = task === "regression" && standardisation?.target_std != null;
  return { loss, dataset: title, task, classes: task === "classification" ? (classes?.length ?? 0) : 0, target_shape, standardised };
}
