// What Classify many takes, in words: the CSV's columns by name and count, as the server reads them
// (export/many_rows.py), and pictures or a ZIP for a model that takes pictures.
import type { DatasetSpec } from "../../api/types";

const LABEL_NAMES = "label, target, class or y";

/** The names of the columns a CSV must have, shortened past `shown` names: "a, b, c … (13 columns)". */
function named(features: string[], shown = 6): string {
  const listed = features.slice(0, shown).join(", ");
  return features.length > shown ? `${listed} … (${features.length} columns)` : listed;
}

/** The hint beside Classify many's file button, for a model with `inputShape` trained on `dataset`. */
export function manyHint(inputShape: number[], dataset: DatasetSpec | null): string {
  const truth = dataset?.task === "regression" ? "true value" : "true class";
  const size = inputShape.reduce((a, b) => a * b, 1);
  const features = dataset?.standardisation?.features;
  let csv: string;
  if (dataset?.plane)
    csv = `a CSV with columns x1,x2 (each point; the model computes its features from them) and a column of the ${truth}`;
  else if (features && features.length === size) {
    // The columns its upload left out are read past, as the server does: a file saved as the
    // dataset was may keep its IDs and dates.
    const chosen = (dataset?.standardisation?.left_out ?? []).filter((c) => c.why === "chosen").map((c) => c.name);
    const past = chosen.length > 0 ? ` (${named(chosen, 3)}, left out in training, may stay)` : "";
    csv = `a CSV with the columns ${named(features)}, by name, and one more column of the ${truth}${past}`;
  }
  else {
    // A picture model's samples were scaled to 0..1 (the server refuses raw counts, such as 0..16).
    const scale = dataset?.pictures ? ", each pixel from 0 to 1 as in training" : "";
    // A flat sample is its columns; only a shaped one is read "row by row" into its shape.
    const how = inputShape.length > 1 ? ` (the ${inputShape.join("×")} sample, row by row${scale})` : scale ? ` (${scale.slice(2)})` : "";
    csv = `a CSV of ${size === 1 ? "one number column" : `${size} number columns`}${how} and a column named ${LABEL_NAMES} of the ${truth}`;
  }
  const see = dataset?.task === "regression" ? "to see how close it comes" : "to see how many are right";
  // How its pictures look, as Try it says: black-on-white digits were all read as "0".
  const looks = dataset?.pictures?.looks ? `${dataset.pictures.looks} ` : "";
  if (dataset?.pictures)
    return `${looks}Several pictures; a ZIP with one folder per class (cats/1.png) ${see}; or ${csv}. Or drop them here.`;
  return `${csv[0]!.toUpperCase()}${csv.slice(1)} ${see}. Or drop it here.`;
}
