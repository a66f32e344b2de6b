// A gallery of validation samples the model got wrong: images for image data, line plots for
// sequences, values otherwise.
import type { RunResults } from "../../api/types";
import { ChannelLegend, SequencePlot } from "../sequences/SequencePlot";
import { SampleImage } from "./SampleImage";

type Mistake = RunResults["misclassified"][number];

/** A sample's first values, each after its name where the values have names (a 2-D set's features). */
function valuesText(sample: number[], names: string[] | null): string {
  return sample
    .slice(0, 6)
    .map((value, i) => (names?.[i] ? `${names[i]}\u00a0${value.toFixed(2)}` : value.toFixed(2))) // a name stays by its value
    .join(", ");
}

interface Props {
  mistakes: Mistake[];
  shape: number[];
  /** The name of each value of a sample, such as x₁ and sin(x₁); null where they have none. */
  names: string[] | null;
}

export function Misclassified({ mistakes, shape, names }: Props) {
  if (mistakes.length === 0) return <p className="muted">No validation sample was misclassified.</p>;
  const image = shape.length === 3 && (shape[0] === 1 || shape[0] === 3);
  const channels = shape.length === 2 ? (shape[0] ?? 1) : 1; // (C, L) for sequences
  return (
    <>
      {mistakes[0]?.sequence && <ChannelLegend channels={channels} shown={mistakes[0].sequence.channels.length} />}
      <ul className="mistakes" data-testid="misclassified">
        {mistakes.map((m) => (
          <li key={m.index} title={`validation sample ${m.index}`}>
            {m.sequence ? (
              <SequencePlot plot={m.sequence} label={m.true} channels={channels} />
            ) : image ? (
              <SampleImage values={m.sample} shape={shape} />
            ) : (
              <code className="mistake-values">{valuesText(m.sample, names)}</code>
            )}
            <span>
              true <b>{m.true}</b> → <b className="wrong">{m.predicted}</b>
              {m.confidence != null && <span className="muted"> {(m.confidence * 100).toFixed(0)}%</span>}
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}
