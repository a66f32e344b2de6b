// Inside the model for the input just tried (DIGITS' layer view): each layer's output in the order
// the data flows, its id, type and shape, drawn in grey between its min and max; and, after the
// first convolution's output, its filters. Asked for when opened, and again for each new input.
import { Fragment, useEffect, useRef, useState, type ReactNode } from "react";
import type { Activations, LayerActivation, Quantised } from "../api/types";
import { LayerValues } from "./LayerValues";
import { layerOutputs, type ModelSource, type Question } from "./modelSource";
import { formatValue } from "../training/neurons/neuronDrawing";
import { shownOf } from "./quantised";
import { CodeText } from "../editor/CodeText";
import { formatBytes } from "../editor/formatBytes";

const shape = (dims: number[]) => `(${dims.join(", ")})`;

interface Props {
  source: ModelSource;
  question: Question;
  open: boolean; // kept by the panel, so that a new picture finds it still open
  onOpen: (open: boolean) => void;
}

export function InsideModel({ source, question, open, onOpen }: Props) {
  const [answer, setAnswer] = useState<Activations | null>(null);
  const [error, setError] = useState<string | null>(null);
  const asked = useRef(0); // the latest question: a slower answer to an earlier one is dropped

  // The model by its id or token: the source object itself may be a new one at each render.
  const model = "runId" in source ? source.runId : source.token;
  useEffect(() => {
    if (!open) return;
    const mine = ++asked.current;
    setError(null);
    layerOutputs(source, question).then(
      (a) => mine === asked.current && setAnswer(a),
      // The layers of the input before go with it: left under the error, they read as this one's.
      (e: unknown) => mine === asked.current && (setAnswer(null), setError(e instanceof Error ? e.message : String(e))),
    );
  }, [open, model, question]);

  return (
    <details className="inside-model" data-testid="inside-model" open={open} onToggle={(e) => onOpen(e.currentTarget.open)}>
      <summary>Inside the model</summary>
      <p className="muted">
        What each layer made of this input, in the order the data flows. Grey runs from black at the layer's smallest value
        to white at its largest.
      </p>
      {error && (
        <p className="design-error">
          <CodeText text={error} />
        </p>
      )}
      {!answer && !error && <p className="muted">Reading the layers…</p>}
      {answer && (
        <ol className="layer-outputs">
          {answer.layers.map((layer) => (
            <Fragment key={layer.id}>
              <Layer layer={layer} maxBytes={answer.limits.max_bytes} />
              {answer.filters?.layer === layer.id && (
                <LayerCard id={layer.id} type="Conv2d filters" dims={answer.filters.shape} values={answer.filters.weights} things="kernels" />
              )}
            </Fragment>
          ))}
        </ol>
      )}
    </details>
  );
}

function Layer({ layer, maxBytes }: { layer: LayerActivation; maxBytes: number }) {
  if (!layer.output)
    return (
      <LayerCard id={layer.id} type={layer.type} dims={layer.shape} values={null} things="channels">
        <p className="muted">Not drawn: the layers before it used this reply's {formatBytes(maxBytes)}.</p>
      </LayerCard>
    );
  return <LayerCard id={layer.id} type={layer.type} dims={layer.shape} values={layer.output} things="channels" />;
}

interface CardProps {
  id: string;
  type: string;
  dims: number[];
  values: Quantised | null;
  things: string;
  children?: ReactNode;
}

function LayerCard({ id, type, dims, values, things, children }: CardProps) {
  const filters = type.endsWith("filters");
  return (
    <li className="layer-output" data-testid={filters ? "layer-filters" : "layer-output"} data-layer={id}>
      <div className="layer-output-head">
        <code className="layer-output-id">{id}</code>
        <span className="layer-type">{type}</span>
        <span className="shape" data-testid="layer-shape">
          {shape(dims)}
        </span>
      </div>
      {values && <LayerValues values={values} things={things} name={filters ? `${id} filter` : id} />}
      {values && (
        <p className="muted layer-range" data-testid="layer-range">
          min {formatValue(values.min)} · max {formatValue(values.max)} · {shownOf(values, things)}
        </p>
      )}
      {children}
    </li>
  );
}
