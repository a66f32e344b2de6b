// A gallery of validation samples the model got wrong: images for image data, values otherwise.
import type { RunResults } from "../../api/types";
import { SampleImage } from "./SampleImage";

type Mistake = RunResults["misclassified"][number];

export function Misclassified({ mistakes, shape }: { mistakes: Mistake[]; shape: number[] }) {
  if (mistakes.length === 0) return <p className="muted">No validation sample was misclassified.</p>;
  const image = shape.length === 3 && (shape[0] === 1 || shape[0] === 3);
  return (
    <ul className="mistakes" data-testid="misclassified">
      {mistakes.map((m) => (
        <li key={m.index} title={`validation sample ${m.index}`}>
          {image ? (
            <SampleImage values={m.sample} shape={shape} />
          ) : (
            <code className="mistake-values">{m.sample.slice(0, 6).map((v) => v.toFixed(2)).join(", ")}</code>
          )}
          <span>
            true <b>{m.true}</b> → <b className="wrong">{m.predicted}</b>
            {m.confidence != null && <span className="muted"> {(m.confidence * 100).toFixed(0)}%</span>}
          </span>
        </li>
      ))}
    </ul>
  );
}
