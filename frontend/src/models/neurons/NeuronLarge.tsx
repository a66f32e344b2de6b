// The chosen unit's map, large, with the validation points over it and its scale in words.
import { useEffect, useMemo, useRef } from "react";
import type { Quantised, RunResults } from "../../api/types";
import { drawPoints } from "../../training/results/boundaryDrawing";
import { bytesOf, formatValue } from "../quantised";
import { neuronPixels, neuronTheme, unitExtent } from "./neuronDrawing";

type Boundary = NonNullable<RunResults["boundary"]>;
const PIXELS = 240;

interface Props {
  map: Quantised;
  layer: string;
  type: string;
  unit: number;
  name: string | null;
  boundary: Boundary;
  scheme: string;
}

export function NeuronLarge({ map, layer, type, unit, name, boundary, scheme }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const bytes = useMemo(() => bytesOf(map), [map]);
  useEffect(() => {
    const context = canvas.current?.getContext("2d");
    if (!context) return;
    const cells = neuronPixels(map, bytes, neuronTheme());
    const small = document.createElement("canvas"); // one pixel a cell, then smoothed up
    [small.width, small.height] = [cells.width, cells.height];
    small.getContext("2d")?.putImageData(cells, 0, 0);
    context.clearRect(0, 0, PIXELS, PIXELS);
    context.imageSmoothingEnabled = true;
    context.drawImage(small, 0, 0, PIXELS, PIXELS);
    drawPoints(context, boundary, PIXELS);
  }, [map, bytes, boundary, scheme]);
  const extent = formatValue(unitExtent(map));
  return (
    <figure className="neuron-large" data-testid="neuron-large">
      <canvas ref={canvas} width={PIXELS} height={PIXELS} role="img" aria-label={`${layer}, ${name ?? `unit ${unit}`}, with the validation points`} />
      <figcaption>
        <span data-testid="neuron-chosen">
          <code>{layer}</code> · {name ?? `unit ${unit}`}
        </span>{" "}
        <span className="layer-type">{type}</span>
        <span className="neuron-scale" aria-hidden="true">
          <span>−{extent}</span>
          <span className="neuron-scale-bar" />
          <span>+{extent}</span>
        </span>
        <span className="muted">
          min {formatValue(map.min)} · max {formatValue(map.max)}
        </span>
      </figcaption>
    </figure>
  );
}
