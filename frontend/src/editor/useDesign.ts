// The design being edited: a name, an input shape, and its layers and wires, with undo and redo.
import { useCallback, useMemo, useState } from "react";
import type { Design, DesignFix, Layer, LayerSpec, ParamValue } from "../api/types";
import * as graph from "./layerGraph";
import { EMPTY_GRAPH, type LayerGraph, type Point, type Wire } from "./layerGraph";
import { type CopiedLayers, pasteLayers } from "./layerClipboard";
import { freshLayerId } from "./layerIds";
import { swapType } from "./layerSwap";
import { newDesignName } from "./newDesignName";
import { asParamValue } from "./paramText";
import { useUndoable } from "./useUndoable";

export type { StackItem } from "./layerGraph";

/** Params a new layer starts with: every default the catalogue gives. */
function defaultParams(spec: LayerSpec): Record<string, ParamValue> {
  const params: Record<string, ParamValue> = {};
  for (const p of spec.params) {
    const value = asParamValue(p.default);
    if (value !== null && value !== undefined) params[p.name] = value;
  }
  return params;
}

function newLayer(spec: LayerSpec, g: LayerGraph): Layer {
  const id = freshLayerId(spec.type, g.items.map((it) => it.layer.id));
  const params = defaultParams(spec);
  return Object.keys(params).length ? { id, type: spec.type, params } : { id, type: spec.type };
}

/** The name a design is edited under, never blank: a stored design's or a file's "" is "untitled",
 * as the server names a design that has none (a run named "" had nothing to click in the runs list). */
function keptName(name: string): string {
  return name.trim() ? name : "untitled";
}

/** What Undo and Redo step through. The name is in it because a load changes the name with the
 * layers, and an Undo that brought the layers back under the file's name named the next run wrongly. */
interface Undoable {
  graph: LayerGraph;
  name: string;
}

/** Starts from `initial` (a design saved in this browser) when given, else from an empty one. */
export function useDesign(initialShape: number[], initial: Design | null = null) {
  const [inputShape, setInputShape] = useState(initial?.input_shape ?? initialShape);
  const history = useUndoable<Undoable>(() => ({
    graph: initial ? graph.fromDesign(initial) : EMPTY_GRAPH,
    name: initial ? keptName(initial.name) : newDesignName(),
  }));
  const { change: changeStep } = history;
  const { graph: g, name } = history.value;

  /** An edit of the layers and wires; the same graph back is no step. */
  const change = useCallback(
    (update: (g: LayerGraph) => LayerGraph, tag: string | null = null, mergeMs?: number) =>
      changeStep(
        (s) => {
          const next = update(s.graph);
          return next === s.graph ? s : { ...s, graph: next };
        },
        tag,
        mergeMs,
      ),
    [changeStep],
  );

  const updateLayer = useCallback(
    (key: number, edit: (layer: Layer) => Layer, tag: string) =>
      change((s) => ({ ...s, items: s.items.map((it) => (it.key === key ? { ...it, layer: edit(it.layer) } : it)) }), tag),
    [change],
  );

  const actions = useMemo(
    () => ({
      /** Typing a name is one step, as typing into a param is; a blank one is not taken (DesignNameField.tsx). */
      setName: (next: string) => changeStep((s) => (s.name === next || !next.trim() ? s : { ...s, name: next }), "name"),
      setInputShape,
      /** A new layer; on a wired canvas at `at`, the others held where `keep` says they are drawn. */
      addLayer: (spec: LayerSpec, at?: Point, keep?: Record<number, Point>) => change((s) => graph.addItem(s, newLayer(spec, s), at, keep)),
      /** Splices a new layer into the wire from → to. */
      insertOnWire: (spec: LayerSpec, [from, to]: Wire) => change((s) => graph.insertBetween(s, from, to, newLayer(spec, s))),
      /** In a stack, a new layer right after `after` (the input: first). */
      insertAfter: (spec: LayerSpec, after: number) => change((s) => graph.insertAfter(s, after, newLayer(spec, s))),
      /** Moves a layer onto a wire in one step, its old input bridged to what it fed. */
      moveOntoWire: (key: number, wire: Wire) => change((s) => graph.moveOntoWire(s, key, wire)),
      removeLayer: (key: number) => change((s) => graph.removeKeys(s, new Set([key]))),
      /** Deletes layers and wires in one step, as the canvas's Delete key does. */
      remove: (keys: Set<number>, wires: Wire[] = []) => change((s) => graph.removeKeys(graph.disconnect(s, wires), keys)),
      duplicate: (keys: Set<number>) => change((s) => graph.duplicateKeys(s, keys)),
      /** Layers copied here or from another design, after `anchor` (null: after the output). */
      paste: (copied: CopiedLayers, anchor: number | null) => change((s) => pasteLayers(s, copied, anchor).graph),
      connect: (source: number, target: number) => change((s) => graph.connect(s, source, target)),
      /** Takes a layer's input from another layer instead, in one step. */
      rewire: (remove: Wire[], source: number, target: number) => change((s) => graph.connect(graph.disconnect(s, remove), source, target)),
      applyFix: (fix: DesignFix) => change((s) => graph.applyFix(s, fix)),
      place: (positions: Record<number, Point>) => change((s) => ({ ...s, positions: { ...s.positions, ...positions } })),
      moveLayer: (key: number, delta: -1 | 1) =>
        change((s) => {
          const from = s.items.findIndex((it) => it.key === key);
          const to = from + delta;
          if (from < 0 || to < 0 || to >= s.items.length) return s;
          const items = [...s.items];
          [items[from], items[to]] = [items[to]!, items[from]!];
          return { ...s, items };
        }),
      renameLayer: (key: number, id: string) => updateLayer(key, (layer) => ({ ...layer, id }), `id:${key}`),
      /** The layer becomes another of its kind (layerSwap.ts), its wires kept. The swaps of one
       * `run` (the arrow keys walking a closed menu) are one step, built from `before`, the layer
       * as the run found it, so settings a passing type lacked come back. */
      swapType: (key: number, spec: LayerSpec, run: string | null = null, before?: Layer) =>
        change(
          (s) => {
            const taken = s.items.filter((it) => it.key !== key).map((it) => it.layer.id);
            return { ...s, items: s.items.map((it) => (it.key === key ? { ...it, layer: swapType(it.layer, spec, taken, before) } : it)) };
          },
          run === null ? null : `type:${key}:${run}`,
          Infinity,
        ),
      setParam: (key: number, name: string, value: ParamValue | undefined) =>
        updateLayer(
          key,
          (layer) => {
            const params = { ...layer.params };
            if (value === undefined) delete params[name];
            else params[name] = value;
            return { ...layer, params };
          },
          `param:${key}:${name}`,
        ),
      /** Replaces the design (a file, a template, a link); throws when its edges do not fit its layers. */
      loadDesign: (design: Design) => {
        const next = graph.fromDesign(design);
        setInputShape(design.input_shape);
        changeStep(() => ({ graph: next, name: keptName(design.name) })); // one step: Undo brings back both
      },
      undo: history.undo,
      redo: history.redo,
    }),
    [change, changeStep, updateLayer, history.undo, history.redo],
  );

  const design: Design = useMemo(() => graph.toDesign(name, inputShape, g), [name, inputShape, g]);

  return {
    design,
    graph: g,
    items: g.items,
    wires: graph.wiresOf(g),
    canUndo: history.canUndo,
    canRedo: history.canRedo,
    /** The undo step on screen, compared by identity: Undo back to the one before a load undoes the load. */
    step: history.value as object,
    ...actions,
    /** The same edits as one object that stays the same across renders, for parts that redraw only when their layer changes. */
    actions,
  };
}

export type DesignEditor = ReturnType<typeof useDesign>;
export type DesignActions = DesignEditor["actions"];
