// One unit's map, small, as a button: hovering, focusing or tapping it shows it larger.
import { useEffect, useMemo, useRef } from "react";
import type { Quantised } from "../../api/types";
import { bytesOf } from "../quantised";
import { neuronPixels, neuronTheme } from "../../training/neurons/neuronDrawing";

interface Props {
  map: Quantised;
  layer: string;
  unit: number;
  /** What the unit is, where it has a name: an input's feature, such as x₁². */
  name: string | null;
  chosen: boolean;
  scheme: string; // the colour scheme: a change redraws with the theme's colours
  onChoose: () => void;
}

export function NeuronTile({ map, layer, unit, name, chosen, scheme, onChoose }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const bytes = useMemo(() => bytesOf(map), [map]);
  const size = map.shape[map.shape.length - 1] ?? 1;
  useEffect(() => {
    canvas.current?.getContext("2d")?.putImageData(neuronPixels({ ...map, size, bytes }, neuronTheme()), 0, 0);
  }, [map, bytes, scheme]);
  const label = name ? `${layer}, ${name}` : `${layer}, unit ${unit}`;
  return (
    <button
      type="button"
      className="neuron-tile"
      aria-pressed={chosen}
      aria-label={label}
      title={label}
      data-testid="neuron-tile"
      data-layer={layer}
      data-unit={unit}
      onMouseEnter={onChoose}
      onFocus={onChoose}
      onClick={onChoose}
    >
      <canvas ref={canvas} width={size} height={size} />
      {name && (
        <span className="neuron-name" aria-hidden="true">
          {name}
        </span>
      )}
    </button>
  );
}
