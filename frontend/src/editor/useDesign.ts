// The design being edited: a named stack of layers on an input shape.
import { useCallback, useMemo, useState } from "react";
import type { Design, Layer, LayerSpec, ParamValue } from "../api/types";
import { freshLayerId } from "./layerIds";
import { asParamValue } from "./paramText";

/** A layer with a key that survives renames, for React lists. */
export interface StackItem {
  key: number;
  layer: Layer;
}

interface DesignState {
  name: string;
  inputShape: number[];
  items: StackItem[];
}

let nextKey = 1;
const keyed = (layer: Layer): StackItem => ({ key: nextKey++, layer });

/** Params a new layer starts with: every default the catalogue gives. */
function defaultParams(spec: LayerSpec): Record<string, ParamValue> {
  const params: Record<string, ParamValue> = {};
  for (const p of spec.params) {
    const value = asParamValue(p.default);
    if (value !== null && value !== undefined) params[p.name] = value;
  }
  return params;
}

export function useDesign(initialShape: number[]) {
  const [state, setState] = useState<DesignState>({ name: "my-network", inputShape: initialShape, items: [] });

  const updateLayer = useCallback((key: number, change: (layer: Layer) => Layer) => {
    setState((s) => ({ ...s, items: s.items.map((it) => (it.key === key ? { ...it, layer: change(it.layer) } : it)) }));
  }, []);

  const actions = useMemo(
    () => ({
      setName: (name: string) => setState((s) => ({ ...s, name })),
      setInputShape: (inputShape: number[]) => setState((s) => ({ ...s, inputShape })),
      addLayer: (spec: LayerSpec) =>
        setState((s) => {
          const id = freshLayerId(spec.type, s.items.map((it) => it.layer.id));
          const params = defaultParams(spec);
          const layer: Layer = Object.keys(params).length ? { id, type: spec.type, params } : { id, type: spec.type };
          return { ...s, items: [...s.items, keyed(layer)] };
        }),
      removeLayer: (key: number) => setState((s) => ({ ...s, items: s.items.filter((it) => it.key !== key) })),
      moveLayer: (key: number, delta: -1 | 1) =>
        setState((s) => {
          const from = s.items.findIndex((it) => it.key === key);
          const to = from + delta;
          if (from < 0 || to < 0 || to >= s.items.length) return s;
          const items = [...s.items];
          [items[from], items[to]] = [items[to]!, items[from]!];
          return { ...s, items };
        }),
      renameLayer: (key: number, id: string) => updateLayer(key, (layer) => ({ ...layer, id })),
      setParam: (key: number, name: string, value: ParamValue | undefined) =>
        updateLayer(key, (layer) => {
          const params = { ...layer.params };
          if (value === undefined) delete params[name];
          else params[name] = value;
          return { ...layer, params };
        }),
      loadDesign: (design: Design) =>
        setState({ name: design.name, inputShape: design.input_shape, items: design.layers.map(keyed) }),
    }),
    [updateLayer],
  );

  const design: Design = useMemo(
    () => ({ version: 1, name: state.name, input_shape: state.inputShape, layers: state.items.map((it) => it.layer) }),
    [state],
  );

  return { design, items: state.items, ...actions };
}

export type DesignEditor = ReturnType<typeof useDesign>;
