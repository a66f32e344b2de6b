// One unit's map, small, as a button: hovering, focusing or tapping it shows it large. The model
// page's Neurons and the run page's live neurons both draw their tiles with it.
import { useLayoutEffect, useRef } from "react";
import { neuronPixels, neuronTheme, type UnitMap } from "./neuronDrawing";

interface Props {
  map: UnitMap;
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
  // Drawn in the commit that shows the map, so a tile and the epoch the page names never differ.
  useLayoutEffect(() => {
    canvas.current?.getContext("2d")?.putImageData(neuronPixels(map, neuronTheme()), 0, 0);
  }, [map, scheme]);
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
      <canvas ref={canvas} width={map.size} height={map.size} />
      {name && (
        <span className="neuron-name" aria-hidden="true">
          {name}
        </span>
      )}
    </button>
  );
}
