// A live neurons event's layer (training/live_neurons.py) as one map a unit: its bytes split off
// the layer's one base64 string, with the unit's own range. Pure, so it is tested without a page.
import type { LiveLayerNeurons } from "../../api/types";
import type { UnitMap } from "./neuronDrawing";

/** Each unit's map of the layer, in order: `size` × `size` bytes apiece. */
export function unitMaps(layer: LiveLayerNeurons, size: number): UnitMap[] {
  const text = atob(layer.maps);
  const cells = size * size;
  return layer.min.map((min, unit) => {
    const bytes = new Uint8Array(cells);
    for (let i = 0; i < cells; i++) bytes[i] = text.charCodeAt(unit * cells + i);
    return { size, min, max: layer.max[unit] ?? min, bytes };
  });
}
