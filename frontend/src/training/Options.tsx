// The extra keyword arguments of the loss or the optimizer, folded away until wanted.
import type { ParamSpec } from "../api/types";
import { ParamField } from "../editor/ParamField";
import { asParamValue } from "../editor/paramText";
import type { FieldProblems } from "./useFieldProblems";

interface OptionsProps {
  /** The loss's or the optimizer's name. */
  name: string;
  owner: string;
  specs: ParamSpec[];
  values: Record<string, unknown>;
  onChange: (name: string, value: ReturnType<typeof asParamValue>) => void;
  problems: FieldProblems;
}

/** The extra keyword arguments of the loss or the optimizer, folded away until wanted. */
export function Options({ name, owner, specs, values, onChange, problems }: OptionsProps) {
  if (specs.length === 0) return null;
  return (
    <details className="options">
      <summary>{name} options</summary>
      <div className="params">
        {specs.map((spec) => (
          <ParamField
            key={spec.name}
            layerId={owner}
            spec={spec}
            value={asParamValue(values[spec.name])}
            onChange={(value) => onChange(spec.name, value)}
            onProblem={problems.reporter(`${name} ${spec.name}`)}
          />
        ))}
      </div>
    </details>
  );
}
