// The design as a list, top to bottom: the input, each layer's card, and the output. A wired
// design lists its layers as the data flows, an arrow between two only where one feeds the next.
import type { LayerSpec, ValidateResponse } from "../api/types";
import { errorsByLayer } from "./layerErrors";
import { LayerCard } from "./LayerCard";
import { inputRank, swapsFor } from "./layerSwap";
import type { Expanded } from "./useExpanded";
import { feeds, flowOrder } from "./flowOrder";
import { idOf, INPUT_KEY, sourcesOf } from "./layerGraph";
import type { DesignEditor } from "./useDesign";
import { useListDrop } from "./useListDrop";
import { formatShape } from "./format";
import { challengesPagePath } from "../api/pages";

interface Props {
  editor: DesignEditor;
  result: ValidateResponse | null;
  specs: Map<string, LayerSpec>;
  datasetTitle: string;
  /** Which layers are open; kept by the stack, so switching to the canvas and back keeps it. */
  expanded: Expanded;
}

export function LayerList({ editor, result, specs, datasetTitle, expanded }: Props) {
  const errorsOf = errorsByLayer(result?.errors ?? []);
  const isGraph = editor.graph.wires !== null;
  const byKey = new Map(editor.items.map((item) => [item.key, item]));
  const order = isGraph ? flowOrder([...byKey.keys()], editor.wires).map((key) => byKey.get(key)!) : editor.items;
  const drop = useListDrop(editor, specs, order);
  return (
    <div className="layer-list" data-testid="layer-list" onDragOver={drop.onDragOver} onDragLeave={drop.onDragLeave} onDrop={drop.onDrop}>
      <ol className="layers">
        <li className="input-row" data-testid="input-row">
          <span className="layer-type">Input</span>
          <span className="input-title">{datasetTitle}</span>
          <span className="shape" data-testid="shape-input">
            {formatShape(editor.design.input_shape)}
          </span>
        </li>
        {order.map((item, index) => (
          <LayerCard
            key={item.key}
            fedFromAbove={!isGraph || feeds(editor.wires, index === 0 ? INPUT_KEY : order[index - 1]!.key, item.key)}
            item={item}
            atTop={index === 0}
            atBottom={index === order.length - 1}
            spec={specs.get(item.layer.type)}
            swaps={swapsFor(specs, item.layer.type, inputRank(editor.graph, item.key, editor.design.input_shape, result?.nodes))}
            report={result?.nodes[item.layer.id]}
            errors={errorsOf(item.layer.id)}
            editor={editor.actions}
            inputs={isGraph ? sourcesOf(editor.wires, item.key).map((key) => idOf(editor.graph, key)) : null}
            expanded={expanded.isOpen(item.key)}
            onToggle={expanded.toggle}
          />
        ))}
      </ol>
      {editor.items.length === 0 && (
        <p className="empty">
          Click a layer type in the palette to add it, or start from a template. New here?{" "}
          <a href={challengesPagePath} data-testid="empty-challenges-link">
            Try a challenge
          </a>
          : a small goal to train towards.
        </p>
      )}
      {result?.output_shape && (
        <p className="output-row">
          Output <span className="shape" data-testid="shape-output">{formatShape(result.output_shape)}</span>
        </p>
      )}
      {drop.target && <div className="list-drop-line" style={{ top: drop.target.top }} aria-hidden="true" data-testid="list-drop-line" />}
      {drop.hint && (
        <p className="list-drop-hint" role="status" data-testid="list-drop-hint">
          {drop.hint}
        </p>
      )}
    </div>
  );
}
