// The line under the palette that says what a click (or a tap, or Enter) on it added: "Added Linear
// fc1." Read out to a screen reader everywhere; shown on a phone only, where the layers are below
// the fold and a tap on the palette looked like nothing happened (phone.css), with a button that
// scrolls to the new layer. On a wide screen the layers are in sight beside the palette.

import "./layerAdded.css";

interface Props {
  said: string;
  /** The layer added, where it is still in the design. */
  addedKey: number | null;
}

export function LayerAdded({ said, addedKey }: Props) {
  const show = () => {
    const card = document.querySelector(`.stack [data-layer-key="${addedKey}"]`);
    card?.scrollIntoView({ block: "center", behavior: "smooth" });
  };
  return (
    <div className="layer-added">
      <p role="status" data-testid="layer-added">
        {said}
      </p>
      {said && addedKey !== null && (
        <button type="button" className="layer-added-show" onClick={show} data-testid="layer-added-show">
          Show it ↓
        </button>
      )}
    </div>
  );
}
