// The layer types of the catalogue, by category; a click appends one, a drag drops one on the canvas.
// Added by keyboard (Enter or Space), the new layer takes the focus (editor/useFocusAdded.ts).
import type { LayerSpec } from "../api/types";

/** The drag data type that carries a layer type from the palette to the canvas. */
export const LAYER_DRAG_TYPE = "application/x-torchcanvas-layer";
/** Set too when the dragged layer joins branches: a drag's data can be read only at the drop,
 * its types all along, and the canvas must know before then not to offer a wire. */
export const JOINS_DRAG_TYPE = "application/x-torchcanvas-joins";

interface Props {
  layers: LayerSpec[];
  /** `byKeyboard`: the button was pressed with Enter or Space, not clicked. */
  onAdd: (spec: LayerSpec, byKeyboard: boolean) => void;
}

export function Palette({ layers, onAdd }: Props) {
  const categories = new Map<string, LayerSpec[]>();
  for (const spec of layers) categories.set(spec.category, [...(categories.get(spec.category) ?? []), spec]);
  return (
    <nav className="palette" aria-label="Layer palette">
      <h2>Add a layer</h2>
      {[...categories].map(([category, specs]) => (
        <div key={category} className="palette-group">
          <h3>{category}</h3>
          {specs.map((spec) => (
            <button
              key={spec.type}
              className="palette-item"
              title={spec.help}
              data-testid={`palette-${spec.type}`}
              onClick={(event) => onAdd(spec, event.detail === 0)}
              draggable
              onDragStart={(event) => {
                event.dataTransfer.setData(LAYER_DRAG_TYPE, spec.type);
                if (spec.joins) event.dataTransfer.setData(JOINS_DRAG_TYPE, spec.type);
                event.dataTransfer.effectAllowed = "copy";
              }}
            >
              <span className="palette-type">{spec.type}</span>
              <small>{spec.help}</small>
            </button>
          ))}
        </div>
      ))}
    </nav>
  );
}
