// The chosen unit's map, large, with the validation points over it and its scale in words. It is
// as wide as neurons.css lets the room make it, drawn at that size in the screen's own pixels.
import { useEffect, useMemo, useRef } from "react";
import type { Quantised, RunResults } from "../../api/types";
import { drawPoints } from "../../training/results/boundaryDrawing";
import { useWidth } from "../../training/useWidth";
import { bytesOf, formatValue } from "../quantised";
import { neuronPixels, neuronTheme, unitExtent } from "../../training/neurons/neuronDrawing";

type Boundary = NonNullable<RunResults["boundary"]>;
const LEAST = 240; // CSS pixels, until the canvas is laid out (neurons.css's smallest)

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
  const shown = useWidth(canvas) || LEAST; // CSS pixels
  const ratio = window.devicePixelRatio || 1;
  const pixels = Math.round(shown * ratio); // the screen's, so the browser need not stretch it
  useEffect(() => {
    const context = canvas.current?.getContext("2d");
    if (!context) return;
    const cells = neuronPixels({ ...map, size: map.shape.at(-1) ?? 1, bytes }, neuronTheme());
    const small = document.createElement("canvas"); // one pixel a cell, then smoothed up
    [small.width, small.height] = [cells.width, cells.height];
    small.getContext("2d")?.putImageData(cells, 0, 0);
    context.setTransform(ratio, 0, 0, ratio, 0, 0); // drawn in CSS pixels: the points keep their size
    context.clearRect(0, 0, shown, shown);
    context.imageSmoothingEnabled = true;
    context.drawImage(small, 0, 0, shown, shown);
    drawPoints(context, boundary, shown);
  }, [map, bytes, boundary, scheme, shown, ratio]);
  const extent = formatValue(unitExtent(map));
  return (
    <figure className="neuron-large" data-testid="neuron-large">
      <canvas ref={canvas} width={pixels} height={pixels} role="img" aria-label={`${layer}, ${name ?? `unit ${unit}`}, with the validation points`} />
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
