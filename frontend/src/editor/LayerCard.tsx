// One layer of the stack: its type, id, params, output shape, parameter count and errors. It
// redraws only when what it shows changes: one edit in a 200-layer list redraws one card, not 200.
import { memo } from "react";
import type { DesignError, LayerSpec, NodeReport } from "../api/types";
import type { DesignActions, StackItem } from "./useDesign";
import { CodeText } from "./CodeText";
import { FixButton } from "./FixButton";
import { ParamField } from "./ParamField";
import { asParamValue } from "./paramText";
import { formatCount, formatShape } from "./format";
import { LayerLine } from "./LayerLine";
import { LayerTypeMenu } from "./LayerTypeMenu";
import { deleteOnKey, focusIfToggled, markToggled } from "./listFocus";
import { LayerButtons } from "./LayerButtons";
import { layerIdField } from "./useFocusAdded";
import "./layerCard.css";

interface Props {
  item: StackItem;
  /** First and last in the stack: it cannot move up, or down. */
  atTop: boolean;
  atBottom: boolean;
  spec: LayerSpec | undefined;
  /** The types it can become in place (layerSwap.ts swapsFor); a menu where there are several. */
  swaps?: LayerSpec[];
  report: NodeReport | undefined;
  errors: DesignError[];
  editor: DesignActions;
  /** In a graph, the ids this layer takes its input from; null in a stack. */
  inputs: string[] | null;
  /** Folded to one line (type, id, key params, output shape) until opened; open when not given. */
  expanded?: boolean;
  /** Opens or folds the card of the layer with this key. */
  onToggle?: (key: number) => void;
  /** The layer listed above feeds this one: an arrow joins them. */
  fedFromAbove?: boolean;
}

/** Props alike but for new arrays of the same input ids (a wired design lists them afresh). */
function sameProps(a: Props, b: Props): boolean {
  const keys = Object.keys(a) as (keyof Props)[];
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => a[k] === b[k] || (k === "inputs" && a.inputs?.join(" ") === b.inputs?.join(" ")));
}

export const LayerCard = memo(Card, sameProps);

function Card({ item, atTop, atBottom, spec, swaps, report, errors, editor, inputs, expanded = true, onToggle, fedFromAbove = true }: Props) {
  const { layer, key } = item;
  // A param's field names the errors about it, under the card: a screen reader back on the field
  // hears what is wrong with it, not only once as the design's status line changed.
  const errorId = (i: number) => `layer-error-${key}-${i}`;
  const describedBy = (field: string) => errors.flatMap((e, i) => (e.field === field ? [errorId(i)] : [])).join(" ");
  const flow = fedFromAbove ? "" : " not-fed-from-above";
  const toggle = () => (markToggled(key), onToggle?.(key));
  if (!expanded)
    return <LayerLine item={item} report={report} errors={errors} onOpen={toggle} onDelete={() => editor.removeLayer(key)} onFix={editor.applyFix} inputs={inputs} className={flow} />;
  return (
    <li
      className={`layer-card ${errors.length ? "has-error" : ""}${flow}`}
      data-testid={`layer-card-${layer.id}`}
      data-layer-key={key} // where the palette line's Show it scrolls to (LayerAdded.tsx)
      // In the List only: on the canvas's inspector, the canvas's own Delete deletes the selection.
      onKeyDown={onToggle ? (e) => deleteOnKey(e, () => editor.removeLayer(key)) : undefined}
    >
      <div className="layer-head">
        {onToggle && (
          <button className="icon fold" ref={focusIfToggled(key)} aria-expanded="true" aria-label={`Fold ${layer.id} to one line`} title="Fold to one line" onClick={toggle}>
            ▾
          </button>
        )}
        {swaps && swaps.length > 1 ? (
          <LayerTypeMenu layer={layer} layerKey={key} spec={spec} swaps={swaps} editor={editor} />
        ) : (
          <span className="layer-type" title={spec?.help}>
            {layer.type}
          </span>
        )}
        <input
          id={layerIdField(key)}
          className="layer-id"
          aria-label={`Id of ${layer.id}`}
          data-testid={`layer-id-${layer.id}`}
          value={layer.id}
          spellCheck={false}
          onChange={(e) => editor.renameLayer(key, e.target.value)}
        />
        <LayerButtons layerKey={key} layerId={layer.id} atTop={atTop} atBottom={atBottom} movable={inputs === null} editor={editor} />
      </div>
      {inputs && (
        <p className="inputs" data-testid={`inputs-${layer.id}`}>
          {inputs.length ? `Takes ${inputs.join(" and ")}` : "Not connected: wire an input to it on the canvas"}
        </p>
      )}
      {spec && spec.params.length > 0 && (
        <div className="params">
          {spec.params.map((p) => (
            <ParamField
              key={p.name}
              layerId={layer.id}
              spec={p}
              value={asParamValue(layer.params?.[p.name])}
              errorIds={describedBy(p.name)}
              onChange={(value) => editor.setParam(key, p.name, value)}
            />
          ))}
        </div>
      )}
      {spec && Object.keys(spec.inferred).length > 0 && (
        <p className="inferred">Inferred from the input: {Object.keys(spec.inferred).join(", ")}</p>
      )}
      {errors.map((e, i) => (
        <p key={i} className="layer-error" id={errorId(i)} data-testid={`error-${layer.id}`}>
          <CodeText text={e.message} />
          {e.fix && <FixButton fix={e.fix} testId={`fix-${layer.id}`} onFix={editor.applyFix} />}
        </p>
      ))}
      <div className="layer-foot">
        <span className={report ? "shape" : "shape shape-none"} data-testid={`shape-${layer.id}`}>
          {/* No shape where its own error stopped it; nothing (not a stray "—") where one before it did. */}
          {report ? formatShape(report.output_shape) : errors.length > 0 ? "no shape (see the error)" : ""}
        </span>
        <span className="count" data-testid={`params-${layer.id}`}>
          {report ? `${formatCount(report.params)} params` : ""}
        </span>
      </div>
    </li>
  );
}
