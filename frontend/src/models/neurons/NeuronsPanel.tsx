// "Neurons": for a model of two inputs, each unit of each layer over the plane of the data, as
// TensorFlow Playground draws them, so a learner sees the first layer cut the plane with lines and
// later layers combine them. One row of small maps a layer; the one hovered or tapped shows large.
import { useEffect, useMemo, useState } from "react";
import type { NeuronMaps, Quantised, RunResults } from "../../api/types";
import { useColorScheme } from "../../training/chartTheme";
import { NeuronLarge } from "../../training/neurons/NeuronLarge";
import { NeuronRow } from "../../training/neurons/NeuronRow";
import type { UnitMap } from "../../training/neurons/neuronDrawing";
import { FEATURE_LABELS } from "../../training/planeOptions";
import type { ModelSource } from "../modelSource";
import { bytesOf } from "../quantised";
import { loadNeurons } from "./loadNeurons";
import "./neurons.css";
import { CodeText } from "../../editor/CodeText";

type Boundary = NonNullable<RunResults["boundary"]>;
type Choice = { layer: number; unit: number };
// Layers that only pass their input on: a map of theirs repeats one of the input's.
const PASSING = new Set(["Flatten", "Unflatten", "Identity"]);

/** The first layer after the input that computes something: its first unit is shown large at first. */
function firstComputed(maps: NeuronMaps): number {
  const found = maps.layers.findIndex((row, i) => i > 0 && !PASSING.has(row.type));
  return found === -1 ? 1 : found;
}

/** A unit's map as the server sends it (size × size bytes), decoded for drawing. */
function unitMap(map: Quantised): UnitMap {
  return { size: map.shape.at(-1) ?? 1, min: map.min, max: map.max, bytes: bytesOf(map) };
}

export function NeuronsPanel({ source, boundary }: { source: ModelSource; boundary: Boundary }) {
  const [maps, setMaps] = useState<NeuronMaps | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [chosen, setChosen] = useState<Choice | null>(null); // null: the first computed layer's first unit
  const scheme = useColorScheme();
  const model = "runId" in source ? source.runId : source.token;
  useEffect(() => {
    setError(null);
    loadNeurons(source).then(setMaps, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [model, boundary]); // new results (a run that went on) have new weights
  const units = useMemo(() => maps?.layers.map((row) => row.maps.map(unitMap)) ?? [], [maps]);

  // A model of the input and its output only has no hidden layer: its first row is chosen then.
  const wanted = chosen ?? { layer: maps ? firstComputed(maps) : 1, unit: 0 };
  const shown: Choice = units[wanted.layer]?.[wanted.unit] ? wanted : { layer: 0, unit: 0 };
  const layer = maps?.layers[shown.layer];
  const map = units[shown.layer]?.[shown.unit];
  // The input's units are the features the model takes of each point (x₁², sin(x₁)…), named as in the editor.
  const inputNames = boundary.features?.map((feature) => FEATURE_LABELS[feature]) ?? null;
  const nameOf = (row: number, unit: number) => (maps?.layers[row]?.id === "input" ? (inputNames?.[unit] ?? null) : null);
  return (
    <section className="panel" aria-label="Neurons" data-testid="neurons">
      <h2>Neurons</h2>
      <p className="muted">
        Each unit's output over the plane of the data, as TensorFlow Playground draws it: blue where it is positive, orange where
        negative, each on its own scale. Units are numbered from 0, as PyTorch indexes them. Hover or tap one to see it larger with
        the validation points.
      </p>
      {error && (
        <p className="design-error">
          <CodeText text={error} />
        </p>
      )}
      {!maps && !error && <p className="muted">Drawing the neurons…</p>}
      {maps && layer && map && (
        <div className="neurons">
          <NeuronLarge map={map} layer={layer.id} type={layer.type} unit={shown.unit} name={nameOf(shown.layer, shown.unit)} plane={boundary} scheme={scheme} />
          <ol className="neuron-rows">
            {maps.layers.map((row, i) => (
              <NeuronRow
                key={row.id}
                id={row.id}
                type={row.type}
                units={row.units}
                maps={units[i] ?? []}
                names={row.maps.map((_, unit) => nameOf(i, unit))}
                chosen={i === shown.layer ? shown.unit : null}
                scheme={scheme}
                onChoose={(unit) => setChosen({ layer: i, unit })}
              />
            ))}
          </ol>
          {maps.omitted.length > 0 && (
            <p className="muted neuron-omitted" data-testid="neurons-omitted">
              Not drawn, to keep to {maps.limits.max_layers} layers (the first {maps.limits.max_layers - 1} and the output): {maps.omitted.join(", ")}.
            </p>
          )}
        </div>
      )}
    </section>
  );
}
