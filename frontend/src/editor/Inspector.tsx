// Beside the canvas: the selected layer, to edit its params, see its shape and errors and apply a fix.
import type { LayerSpec, ValidateResponse } from "../api/types";
import { LayerCard } from "./LayerCard";
import { inputRank, swapsFor } from "./layerSwap";
import { errorsByLayer } from "./layerErrors";
import { InputFrom } from "./InputFrom";
import { InsertAfter } from "./InsertAfter";
import { idOf, sourcesOf } from "./layerGraph";
import type { DesignEditor } from "./useDesign";

interface Props {
  editor: DesignEditor;
  result: ValidateResponse | null;
  specs: Map<string, LayerSpec>;
  selected: Set<number>;
}

export function Inspector({ editor, result, specs, selected }: Props) {
  const chosen = editor.items.filter((it) => selected.has(it.key));
  const inspected = chosen.length === 1 ? chosen[0]! : null;
  const errors = result?.errors ?? [];
  return (
    <section
      className="panel inspector-panel"
      aria-label="Selected layer"
      data-testid="inspector"
      onKeyDown={(event) => {
        // Escape goes back to the layer's node on the canvas, where Enter brought the keyboard here.
        if (event.key !== "Escape" || !inspected) return;
        document.querySelector<HTMLElement>(`.canvas .react-flow__node[data-id="${inspected.key}"]`)?.focus();
      }}
    >
      <h2>{inspected ? "Layer" : chosen.length > 1 ? `${chosen.length} layers selected` : "No layer selected"}</h2>
      {inspected ? (
        <>
          <ol className="layers inspector">
            <LayerCard
              item={inspected}
              atTop={editor.items.indexOf(inspected) === 0}
              atBottom={editor.items.indexOf(inspected) === editor.items.length - 1}
              spec={specs.get(inspected.layer.type)}
              swaps={swapsFor(specs, inspected.layer.type, inputRank(editor.graph, inspected.key, editor.design.input_shape, result?.nodes))}
              report={result?.nodes[inspected.layer.id]}
              errors={errorsByLayer(errors)(inspected.layer.id)}
              editor={editor.actions}
              inputs={editor.graph.wires ? sourcesOf(editor.wires, inspected.key).map((k) => idOf(editor.graph, k)) : null}
            />
          </ol>
          <InputFrom editor={editor} item={inspected} spec={specs.get(inspected.layer.type)} />
          {!specs.get(inspected.layer.type)?.joins && <InsertAfter editor={editor} item={inspected} />}
        </>
      ) : (
        <p className="muted canvas-hint">
          Drag layers onto the canvas from the palette (onto a wire to put them between two layers) and wire a layer’s bottom
          handle to another’s top. Select one layer to edit it here (by keyboard: Tab to it and press Enter; Escape goes back);
          shift-click or drag a box to select several.
        </p>
      )}
    </section>
  );
}
