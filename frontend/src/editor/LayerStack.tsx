// The design: a list or a node canvas of its layers, the tools to edit it, and the total count.
import { useCallback } from "react";
import type { DatasetSpec, Design, LayerSpec } from "../api/types";
import { DesignCanvas } from "./canvas/DesignCanvas";
import { uniqueMessages } from "./layerErrors";
import { CodeText } from "./CodeText";
import { CopyLinkButton } from "./CopyLinkButton";
import { designSaid } from "./designSaid";
import type { LinkedSettings } from "./designLink";
import { EditorToolbar } from "./EditorToolbar";
import { LayerList } from "./LayerList";
import { ParametersPanel } from "./ParametersPanel";
import { SizeEstimate } from "./SizeEstimate";
import { TemplatesMenu } from "./TemplatesMenu";
import type { DesignEditor } from "./useDesign";
import { useEditorShortcuts } from "./useEditorShortcuts";
import { useLayerClipboard } from "./useLayerClipboard";
import type { Expanded } from "./useExpanded";
import type { Validation } from "./useValidation";
import { formatCount } from "./format";

interface Props {
  editor: DesignEditor;
  validation: Validation;
  specs: Map<string, LayerSpec>;
  datasets: DatasetSpec[];
  dataset: DatasetSpec | undefined;
  /** Opens a design (a template) on a dataset. */
  onOpen: (design: Design, dataset: string, notice: string | null, said: string) => void;
  /** The optimizer chosen for training, which the size estimate counts. */
  optimizer: string | null;
  /** The training settings, which a copied link carries too. */
  training: LinkedSettings;
  view: EditorView;
  onView: (view: EditorView) => void;
  /** The layers selected on the canvas, which the inspector beside it edits. */
  selected: Set<number>;
  onSelect: (selected: Set<number>) => void;
  /** The layers open in the list (usePaletteAdd adds after the one open). */
  expanded: Expanded;
  /** Says a change in the editor's status line (a canvas delete: what it removed). */
  onSaid: (text: string) => void;
}

export type EditorView = "list" | "canvas";

// Not a design error: the design may be fine (offline, a server restarting).
const UNREACHABLE = "Could not reach the server to check the design. It is checked again when the connection is back, and on your next edit.";

/** Why some layers are missing from the total: not checked yet (a busy server may take a while), or after an error. */
function uncountedWhy(pending: boolean): string {
  return pending
    ? "Layers changed since the last check are not counted yet: they are once the server has checked the design."
    : "Layers after an error have no shape yet, so their parameters are not counted: fix the error for the full count.";
}

export function LayerStack(props: Props) {
  const { editor, validation, specs, datasets, dataset, onOpen, optimizer, training, view, onView: setView, selected, onSelect: setSelected, expanded, onSaid } = props;
  const clearSelection = useCallback(() => setSelected(new Set()), [setSelected]);
  // In the list, the layers open for editing are the ones Duplicate and Delete act on.
  const acting = view === "list" ? expanded.open : selected;
  useEditorShortcuts(editor, acting);
  // A paste goes after the card opened last in the list, or the selected layer listed last.
  const present = (key: number) => editor.items.some((it) => it.key === key); // a card cut stays "open"
  const anchor = view === "list" ? ([...expanded.open].filter(present).at(-1) ?? null) : (editor.items.filter((it) => selected.has(it.key)).at(-1)?.key ?? null);
  const pasted = useCallback((keys: Set<number>) => view === "canvas" && setSelected(keys), [view, setSelected]);
  const clipboardSaid = useLayerClipboard(editor, acting, anchor, pasted);
  const { result } = validation;
  const datasetTitle = dataset?.title ?? "";
  const errors = result?.errors ?? [];
  const ids = new Set(editor.items.map((it) => it.layer.id));
  // A layer the server could not give a shape (after an error) is missing from the total.
  const uncounted = result != null && editor.items.some((it) => !result.nodes[it.layer.id]);
  // An empty design is a start, not a mistake: the empty list already says what to do.
  const notEmpty = errors.filter((e) => !(e.field === "layers" && ids.size === 0));
  const designErrors = uniqueMessages(notEmpty.filter((e) => e.node == null || !ids.has(e.node)));
  return (
    <div className="design-column">
      <section className="stack" aria-label="Design">
        <div className="stack-head">
          <h2>Layers</h2>
          <div className="tabs" role="tablist">
            <button role="tab" aria-selected={view === "list"} data-testid="list-tab" onClick={() => setView("list")}>
              List
            </button>
            <button role="tab" aria-selected={view === "canvas"} data-testid="canvas-tab" onClick={() => setView("canvas")}>
              Canvas
            </button>
          </div>
          <span className="total" data-testid="total-params" title={uncounted ? uncountedWhy(validation.pending) : undefined}>
            {!result ? "…" : uncounted && result.total_params === 0 ? "parameters not counted yet" : `${uncounted ? "at least " : ""}${formatCount(result.total_params)} parameters`}
          </span>
        </div>
        <EditorToolbar editor={editor} selected={acting} selection={view === "list" ? "open" : "selected"} onClearSelection={clearSelection}>
          <TemplatesMenu datasets={datasets} current={dataset} onOpen={onOpen} />
          <CopyLinkButton design={editor.design} dataset={dataset?.name ?? ""} training={training} />
        </EditorToolbar>
        <p className="clipboard-note" role="status" data-testid="clipboard-note">
          {clipboardSaid}
        </p>
        <p className="visually-hidden" role="status" data-testid="design-said">
          {designSaid(result ? notEmpty : null)}
        </p>
        <p className="design-busy" role="status" data-testid="design-busy">
          {validation.busy && "The server is busy: the design is checked again in a moment."}
        </p>
        <p className="design-busy" role="status" data-testid="design-unreachable">
          {validation.unreachable && UNREACHABLE}
        </p>
        {designErrors.map((e, i) => (
          <p key={i} className="design-error" data-testid="design-error">
            {e.node ? `${e.node}: ` : ""}
            <CodeText text={e.message} />
          </p>
        ))}
        {view === "canvas" ? (
          <DesignCanvas editor={editor} result={result} specs={specs} datasetTitle={datasetTitle} selected={selected} onSelect={setSelected} onSaid={onSaid} />
        ) : (
          <LayerList editor={editor} result={result} specs={specs} datasetTitle={datasetTitle} expanded={expanded} />
        )}
      </section>
      {/* Of the whole design: while the server cannot check a change, not known (stillChecked.ts). */}
      <SizeEstimate estimate={result?.estimate} optimizer={optimizer} checked={result !== null && !(validation.pending && (validation.busy || validation.unreachable))} />
      <ParametersPanel
        layers={editor.design.layers}
        parameters={result?.parameters ?? []}
        total={result?.total_params ?? 0}
        nodes={result?.nodes ?? {}}
        errors={errors}
        frozen={training.frozen ?? []}
        pending={validation.pending}
      />
    </div>
  );
}
