// The chosen unit's map, large, with the validation points over it and its scale in words. It is
// as wide as the room lets neurons.css make it, drawn at that size in the screen's own pixels.
import { useLayoutEffect, useRef } from "react";
import type { BoundaryMap } from "../results/boundaryDrawing";
import { drawPoints } from "../results/boundaryDrawing";
import { useWidth } from "../useWidth";
import { formatValue, neuronPixels, neuronTheme, scaleEnds, type UnitMap } from "./neuronDrawing";
import "./neurons.css";

/** The plane the map covers, and the validation points drawn over it. */
export type NeuronPlane = Pick<BoundaryMap, "x_min" | "x_max" | "y_min" | "y_max" | "points">;
const LEAST = 160; // CSS pixels, until the canvas is laid out (neurons.css's smallest)

interface Props {
  map: UnitMap;
  layer: string;
  type: string;
  unit: number;
  name: string | null;
  plane: NeuronPlane;
  scheme: string;
  /** The epoch the map is of, on a run's page (the model page's is the trained model). */
  epoch?: number;
}

export function NeuronLarge({ map, layer, type, unit, name, plane, scheme, epoch }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const shown = useWidth(canvas) || LEAST; // CSS pixels
  const ratio = window.devicePixelRatio || 1;
  const pixels = Math.round(shown * ratio); // the screen's, so the browser need not stretch it
  // Drawn in the commit that shows the map, as the tiles are: the epoch named is the one drawn.
  useLayoutEffect(() => {
    const context = canvas.current?.getContext("2d");
    if (!context) return;
    const cells = neuronPixels(map, neuronTheme());
    const small = document.createElement("canvas"); // one pixel a cell, then smoothed up
    [small.width, small.height] = [cells.width, cells.height];
    small.getContext("2d")?.putImageData(cells, 0, 0);
    context.setTransform(ratio, 0, 0, ratio, 0, 0); // drawn in CSS pixels: the points keep their size
    context.clearRect(0, 0, shown, shown);
    context.imageSmoothingEnabled = true;
    context.drawImage(small, 0, 0, shown, shown);
    drawPoints(context, plane, shown);
  }, [map, plane, scheme, shown, ratio]);
  const ends = scaleEnds(map);
  const what = name ?? `unit ${unit}`;
  const at = epoch === undefined ? "" : `, epoch ${epoch}`;
  return (
    <figure className="neuron-large" data-testid="neuron-large" data-epoch={epoch}>
      <canvas ref={canvas} width={pixels} height={pixels} role="img" aria-label={`${layer}, ${what}${at}, with the validation points`} />
      <figcaption>
        <span data-testid="neuron-chosen">
          <code>{layer}</code> · {what}
        </span>{" "}
        <span className="layer-type">{type}</span>
        {ends ? (
          <span className="neuron-scale" aria-hidden="true">
            <span>{ends[0]}</span>
            <span className="neuron-scale-bar" />
            <span>{ends[1]}</span>
          </span>
        ) : (
          <span className="muted" data-testid="neuron-all-zero">
            This unit gave 0 everywhere.
          </span>
        )}
        <span className="muted">
          {epoch !== undefined && `epoch ${epoch} · `}min {formatValue(map.min)} · max {formatValue(map.max)}
        </span>
      </figcaption>
    </figure>
  );
}
