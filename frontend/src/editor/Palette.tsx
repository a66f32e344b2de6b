// The layer types of the catalogue, by category; a click (or a tap) appends one, a drag (a mouse's,
// or a finger's that rests on it first) drops one on the canvas.
// Added by keyboard (Enter or Space), the new layer takes the focus (editor/useFocusAdded.ts); the
// palette is one Tab stop, with arrow keys inside and Alt+A back to it (editor/usePaletteKeys.ts).
import { useRef } from "react";
import type { LayerSpec } from "../api/types";
import { useItemsBelow } from "./useItemsBelow";
import { PALETTE_SHORTCUT, usePaletteKeys } from "./usePaletteKeys";
import { usePaletteTouchDrag } from "./usePaletteTouchDrag";
import "./palette.css";

/** The drag data type that carries a layer type from the palette to the canvas. */
export const LAYER_DRAG_TYPE = "application/x-torchcanvas-layer";
/** Set too when the dragged layer joins branches: a drag's data can be read only at the drop,
 * its types all along, and the canvas must know before then not to offer a wire. */
export const JOINS_DRAG_TYPE = "application/x-torchcanvas-joins";

/** A drag's data for a layer type: the canvas reads it where it is dropped. */
function carry(spec: LayerSpec, data: DataTransfer) {
  data.setData(LAYER_DRAG_TYPE, spec.type);
  if (spec.joins) data.setData(JOINS_DRAG_TYPE, spec.type);
  data.effectAllowed = "copy";
}

interface Props {
  layers: LayerSpec[];
  /** `byKeyboard`: the button was pressed with Enter or Space, not clicked. */
  onAdd: (spec: LayerSpec, byKeyboard: boolean) => void;
}

export function Palette({ layers, onAdd }: Props) {
  const touch = usePaletteTouchDrag();
  const box = useRef<HTMLElement>(null);
  const below = useItemsBelow(box, ".palette-item");
  const keys = usePaletteKeys();
  const categories = new Map<string, LayerSpec[]>();
  for (const spec of layers) categories.set(spec.category, [...(categories.get(spec.category) ?? []), spec]);
  // Each type's place in the whole palette, in the order drawn, for its Tab stop.
  const starts = [...categories.values()].map((_, group, all) => all.slice(0, group).reduce((n, specs) => n + specs.length, 0));
  const indexOf = (group: number, at: number) => (starts[group] ?? 0) + at;
  return (
    <nav ref={box} id="layer-palette" className="palette" aria-label="Layer palette" onKeyDown={keys.onKeyDown}>
      {/* Held at the top of the box as it scrolls: a click on a type part-shown brought it into view
          and left the title cut in half above it (palette.css). */}
      <div className="palette-head" data-testid="palette-head">
        <h2 title={`Arrow keys move among the layer types; ${PALETTE_SHORTCUT} comes back here from anywhere in the editor.`}>Add a layer</h2>
        {/* The same words however far the box is scrolled: a caption that changed as the page
            scrolled moved the layer types under a drag in flight, and the drop was lost. */}
        <p className="palette-count" data-testid="palette-count">
          {layers.length} layer types in {categories.size} groups
        </p>
      </div>
      {[...categories].map(([category, specs], group) => (
        <div key={category} className="palette-group">
          <h3>{category}</h3>
          {specs.map((spec, at) => (
            <button
              key={spec.type}
              className="palette-item"
              title={spec.help}
              data-testid={`palette-${spec.type}`}
              data-type={spec.type}
              tabIndex={keys.tabIndexOf(indexOf(group, at))}
              onFocus={() => keys.onFocusItem(indexOf(group, at))}
              onClick={(event) => onAdd(spec, event.detail === 0)}
              draggable
              onDragStart={(event) => carry(spec, event.dataTransfer)}
              onTouchStart={(event) => touch.start(event, spec.type, (data) => carry(spec, data))}
              onContextMenu={(event) => touch.carried && event.preventDefault()}
            >
              <span className="palette-type">{spec.type}</span>
              <small>{spec.help}</small>
            </button>
          ))}
        </div>
      ))}
      {below > 0 && (
        // Over the box's last lines, and taps go through it to the layer types under it.
        <div className="palette-more" aria-hidden="true" data-testid="palette-more">
          ↓ {below} more below
        </div>
      )}
      {touch.carried && (
        <div className="palette-carried" style={{ left: touch.carried.x, top: touch.carried.y }} data-testid="palette-carried" aria-hidden="true">
          {touch.carried.label}
        </div>
      )}
    </nav>
  );
}
