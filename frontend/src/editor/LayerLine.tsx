// A layer folded to one line in the list: type, id, the params it sets, output shape and count.
// A click opens it for editing; an error shows as a badge, its message in the tooltip and below.
import type { DesignError, NodeReport } from "../api/types";
import { CodeText } from "./CodeText";
import { FixButton, type OnFix } from "./FixButton";
import { formatCount, formatShape } from "./format";
import type { StackItem } from "./useDesign";
import { deleteOnKey, focusIfToggled } from "./listFocus";

interface Props {
  item: StackItem;
  report: NodeReport | undefined;
  errors: DesignError[];
  onOpen?: () => void;
  /** Deletes the layer: Delete pressed on its line. */
  onDelete?: () => void;
  onFix: OnFix;
  /** In a graph, the ids this layer takes its input from; null in a stack. */
  inputs: string[] | null;
  /** Added to the line's classes. */
  className?: string;
}

/** Each param the layer sets, as `name=value`. */
function paramTexts(params: Record<string, unknown> | undefined): string[] {
  return Object.entries(params ?? {}).map(([name, value]) => `${name}=${Array.isArray(value) ? value.join("×") : String(value)}`);
}

export function LayerLine({ item, report, errors, onOpen, onDelete, onFix, inputs, className = "" }: Props) {
  const { layer } = item;
  const texts = paramTexts(layer.params);
  const summary = texts.join("  ");
  return (
    <li
      className={`layer-card layer-line ${errors.length ? "has-error" : ""}${className}`}
      data-testid={`layer-card-${layer.id}`}
      data-layer-key={item.key} // where the palette line's Show it scrolls to (LayerAdded.tsx)
      onKeyDown={(e) => onDelete && deleteOnKey(e, onDelete)}
    >
      <button className="layer-line-button" ref={focusIfToggled(item.key)} aria-expanded="false" title={`Edit ${layer.id}`} onClick={onOpen} data-testid={`open-${layer.id}`}>
        <span className="layer-type">{layer.type}</span>
        <code className="layer-line-id">{layer.id}</code>
        <span className="layer-line-params" title={summary}>
          {inputs && (
            <span className="layer-line-inputs" data-testid={`inputs-${layer.id}`}>
              {inputs.length ? `Takes ${inputs.join(" and ")}` : "Not connected"}
            </span>
          )}
          {/* Two lines at most, broken between params, never inside one. */}
          {texts.map((text) => (
            <span key={text} className="layer-line-param">
              {text}
            </span>
          ))}
        </span>
        {errors.length > 0 && (
          <span className="error-badge" title={errors.map((e) => e.message).join("\n")}>
            {errors.length === 1 ? "1 error" : `${errors.length} errors`}
          </span>
        )}
        <span className="shape" data-testid={`shape-${layer.id}`}>
          {report ? formatShape(report.output_shape) : "" /* its error badge says why: no stray "—" */}
        </span>
        <span className="count" data-testid={`params-${layer.id}`}>
          {report ? `${formatCount(report.params)} params` : ""}
        </span>
      </button>
      {errors.map((e, i) => (
        <p key={i} className="layer-line-error" data-testid={`error-${layer.id}`}>
          <CodeText text={e.message} />
          {e.fix && <FixButton fix={e.fix} testId={`fix-${layer.id}`} onFix={onFix} />}
        </p>
      ))}
    </li>
  );
}
