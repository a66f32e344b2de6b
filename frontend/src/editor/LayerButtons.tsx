// A layer card's buttons: ↑ and ↓ (in a stack; in a wired design the list follows the wires, and a
// layer moves by rewiring it), duplicate and delete.
import { useEffect, useRef } from "react";
import type { DesignActions } from "./useDesign";
import { deleteFromButton } from "./listFocus";

let movedLast: number | null = null; // the layer whose ↑ or ↓ was pressed last

interface Props {
  layerKey: number;
  layerId: string;
  /** First and last in the stack: it cannot move up, or down. */
  atTop: boolean;
  atBottom: boolean;
  /** In a stack: ↑ and ↓ move it. */
  movable: boolean;
  editor: DesignActions;
}

export function LayerButtons({ layerKey, layerId, atTop, atBottom, movable, editor }: Props) {
  const up = useRef<HTMLButtonElement>(null);
  const down = useRef<HTMLButtonElement>(null);
  // Moved to an end, its button there is disabled and loses the focus: the other one takes it.
  useEffect(() => {
    const lost = (button: HTMLButtonElement | null) => [document.body, button].includes(document.activeElement as HTMLButtonElement);
    if (movedLast !== layerKey) return;
    if (atTop && lost(up.current)) down.current?.focus();
    if (atBottom && lost(down.current)) up.current?.focus();
  }, [atTop, atBottom, layerKey]);
  return (
    <div className="layer-buttons">
      {movable && (
        <>
          <button
            className="icon"
            ref={up}
            aria-label={`Move ${layerId} up`}
            title="Move up"
            disabled={atTop}
            onClick={() => ((movedLast = layerKey), editor.moveLayer(layerKey, -1))}
          >
            ↑
          </button>
          <button
            className="icon"
            ref={down}
            aria-label={`Move ${layerId} down`}
            title="Move down"
            disabled={atBottom}
            onClick={() => ((movedLast = layerKey), editor.moveLayer(layerKey, 1))}
          >
            ↓
          </button>
        </>
      )}
      <button className="icon" aria-label={`Duplicate ${layerId}`} title="Duplicate (Ctrl+D on the canvas)" onClick={() => editor.duplicate(new Set([layerKey]))}>
        ⊕
      </button>
      <button className="icon danger" aria-label={`Delete ${layerId}`} title="Delete" onClick={(e) => deleteFromButton(e.currentTarget, () => editor.removeLayer(layerKey))}>
        ✕
      </button>
    </div>
  );
}
