// One unit's map, small, as a button: hovering, focusing or tapping it shows it larger.
import { useEffect, useMemo, useRef } from "react";
import type { Quantised } from "../../api/types";
import { bytesOf } from "../quantised";
import { neuronPixels, neuronTheme } from "./neuronDrawing";

interface Props {
  map: Quantised;
  layer: string;
  unit: number;
  chosen: boolean;
  scheme: string; // the colour scheme: a change redraws with the theme's colours
  onChoose: () => void;
}

export function NeuronTile({ map, layer, unit, chosen, scheme, onChoose }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const bytes = useMemo(() => bytesOf(map), [map]);
  const size = map.shape[map.shape.length - 1] ?? 1;
  useEffect(() => {
    canvas.current?.getContext("2d")?.putImageData(neuronPixels(map, bytes, neuronTheme()), 0, 0);
  }, [map, bytes, scheme]);
  return (
    <button
      type="button"
      className="neuron-tile"
      aria-pressed={chosen}
      aria-label={`${layer}, unit ${unit}`}
      title={`${layer}, unit ${unit}`}
      data-testid="neuron-tile"
      data-layer={layer}
      data-unit={unit}
      onMouseEnter={onChoose}
      onFocus={onChoose}
      onClick={onChoose}
    >
      <canvas ref={canvas} width={size} height={size} />
    </button>
  );
}
