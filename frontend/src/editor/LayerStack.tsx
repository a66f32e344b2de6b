// The design as a stack, top to bottom: the input, each layer, and the total parameter count.
import { useState } from "react";
import type { DesignError, LayerSpec } from "../api/types";
import type { Validation } from "./useValidation";
import type { DesignEditor } from "./useDesign";
import { LayerCard } from "./LayerCard";
import { StackGraph } from "./StackGraph";
import { formatCount, formatShape } from "./format";

interface Props {
  editor: DesignEditor;
  validation: Validation;
  specs: Map<string, LayerSpec>;
  datasetTitle: string;
}

/** Two layers with the same id get the same errors twice; show each message once. */
function uniqueMessages(errors: DesignError[]): DesignError[] {
  return errors.filter((e, i) => errors.findIndex((other) => other.message === e.message) === i);
}

export function LayerStack({ editor, validation, specs, datasetTitle }: Props) {
  const [view, setView] = useState<"list" | "graph">("list");
  const { result } = validation;
  const showCard = (layerId: string) => {
    setView("list");
    requestAnimationFrame(() => document.querySelector(`[data-testid="layer-card-${layerId}"]`)?.scrollIntoView({ block: "center" }));
  };
  const errors = result?.errors ?? [];
  const ids = new Set(editor.items.map((it) => it.layer.id));
  const designErrors = errors.filter((e) => e.node == null || !ids.has(e.node));
  return (
    <section className="stack" aria-label="Design">
      <div className="stack-head">
        <h2>Layers</h2>
        <div className="tabs" role="tablist">
          <button role="tab" aria-selected={view === "list"} onClick={() => setView("list")}>
            List
          </button>
          <button role="tab" aria-selected={view === "graph"} data-testid="graph-tab" onClick={() => setView("graph")}>
            Graph
          </button>
        </div>
        <span className="total" data-testid="total-params">
          {result ? `${formatCount(result.total_params)} parameters` : "…"}
        </span>
      </div>
      {designErrors.map((e, i) => (
        <p key={i} className="design-error" role="alert" data-testid="design-error">
          {e.node ? `${e.node}: ` : ""}
          {e.message}
        </p>
      ))}
      {view === "graph" && (
        <StackGraph key={editor.items.length} design={editor.design} result={result} onSelect={showCard} />
      )}
      <ol className="layers" hidden={view === "graph"}>
        <li className="input-row" data-testid="input-row">
          <span className="layer-type">Input</span>
          <span className="input-title">{datasetTitle}</span>
          <span className="shape" data-testid="shape-input">
            {formatShape(editor.design.input_shape)}
          </span>
        </li>
        {editor.items.map((item, index) => (
          <LayerCard
            key={item.key}
            item={item}
            index={index}
            count={editor.items.length}
            spec={specs.get(item.layer.type)}
            report={result?.nodes[item.layer.id]}
            errors={uniqueMessages(errors.filter((e) => e.node === item.layer.id))}
            editor={editor}
          />
        ))}
      </ol>
      {view === "list" && editor.items.length === 0 && (
        <p className="empty">Click a layer type on the left to add it to the stack.</p>
      )}
      {view === "list" && result?.output_shape && (
        <p className="output-row">
          Output <span className="shape" data-testid="shape-output">{formatShape(result.output_shape)}</span>
        </p>
      )}
    </section>
  );
}
