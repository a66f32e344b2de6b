// A loss's class weights, one number per class, folded away until wanted: a set that is mostly one
// class trains a network that always answers it unless the rarer classes' mistakes count for more.
import type { NumberBounds } from "../api/types";
import { NumberField } from "./NumberField";
import type { FieldProblems } from "./useFieldProblems";

interface Props {
  /** The dataset's class names, in its class order (the order `weight` follows). */
  classes: string[];
  loss: string;
  /** loss_params.weight as the settings hold it: a list of one number per class, or unset. */
  weight: unknown;
  bounds: NumberBounds;
  /** The new weights; undefined when every class is back at 1 (no weights at all). */
  onChange: (weight: number[] | undefined) => void;
  problems: FieldProblems;
}

/** The weights `weight` sets for these classes, or null where it sets none for them. */
export function weightsFor(classes: string[], weight: unknown): number[] | null {
  const fits = Array.isArray(weight) && weight.length === classes.length && weight.every((w) => typeof w === "number");
  return fits ? (weight as number[]) : null;
}

export function ClassWeights({ classes, loss, weight, bounds, onChange, problems }: Props) {
  const set = weightsFor(classes, weight);
  const values = set ?? classes.map(() => 1);
  const change = (index: number, value: number | null) => {
    const next = values.map((w, i) => (i === index ? (value ?? 1) : w));
    onChange(next.every((w) => w === 1) ? undefined : next);
  };
  return (
    <details className="options" data-testid="class-weights">
      <summary>Class weights{set ? " (set)" : ""}</summary>
      <p className="hint">
        How much each class's mistakes count in the loss. On a set that is mostly one class, give the rarer classes more (say 9 for a class of one sample in ten
        against 1 for the rest), so the network does not learn to answer the commonest one.
      </p>
      <div className="params">
        {classes.map((name, i) => (
          <NumberField
            key={name}
            label={name}
            value={values[i] ?? 1}
            bounds={bounds}
            testId={`class-weight-${i}`}
            onChange={(value) => change(i, value)}
            onProblem={problems.reporter(`${loss} weight of ${name}`)}
          />
        ))}
      </div>
    </details>
  );
}
