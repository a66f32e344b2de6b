// Open in editor: the model's design and settings copied into the editor, for its owner from
// these trained weights if they tick the box.
import { useState } from "react";
import type { ModelView } from "../api/types";
import { designLink } from "../editor/designLink";

export function OpenInEditor({ view }: { view: ModelView }) {
  const [fromWeights, setFromWeights] = useState(false);
  // Only the owner may start a run from these weights: the server checks that init_from is theirs.
  const canStartFrom = view.owned && view.has_weights && view.run_id !== null;
  const openInEditor = async () => {
    const initFrom = canStartFrom && fromWeights ? view.run_id : null;
    // Its owner's next run of it is compared with this one (Run.based_on); a visitor's is not.
    const basedOn = view.owned ? view.run_id : null;
    const link = new URL(await designLink(view.design, view.training.dataset, initFrom, view.training, view.dataset?.title ?? null, basedOn));
    window.location.assign(`/${link.hash}`);
  };
  return (
    <span className="open-in-editor">
      <button onClick={() => void openInEditor()} data-testid="open-in-editor">
        Open in editor
      </button>
      {canStartFrom && (
        <label title="A run of the copied design starts from this model's trained weights instead of fresh ones">
          <input type="checkbox" checked={fromWeights} onChange={(e) => setFromWeights(e.target.checked)} data-testid="start-from-weights" />
          Start from these weights
        </label>
      )}
    </span>
  );
}
