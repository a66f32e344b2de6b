// "at layer": which layer's output a Grad-CAM map is made from. The server picks one when none is
// asked for (the last Conv2d, or past a skip connection the block's output); its answer says which,
// and the select shows that one, marked "(default)", until another is chosen.
import type { CamLayer } from "./camLayers";

interface Props {
  layers: CamLayer[];
  /** The layer asked for, or null for the server's own choice. */
  chosen: string | null;
  /** The server's own choice, once an answer has said it. */
  serverChoice: string | null;
  onChoose: (layer: string) => void;
}

export function CamLayerSelect({ layers, chosen, serverChoice, onChoose }: Props) {
  const value = chosen ?? serverChoice;
  if (layers.length < 2 || value === null) return null; // nothing to choose between, or not yet known
  return (
    <label className="where-looked-class">
      at layer{" "}
      <select data-testid="explain-layer" value={value} onChange={(e) => onChoose(e.target.value)}>
        {layers.map((layer) => (
          <option key={layer.id} value={layer.id}>
            {layer.id} · {layer.type} ({layer.shape.join("×")}){layer.id === serverChoice ? " (default)" : ""}
          </option>
        ))}
      </select>
    </label>
  );
}
