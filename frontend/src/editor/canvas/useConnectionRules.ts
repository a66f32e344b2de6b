// Which wires the canvas accepts while one is dragged, and why it refuses the others.
import { useCallback, useEffect, useRef, useState } from "react";
import type { Connection, Edge } from "@xyflow/react";
import type { LayerSpec } from "../../api/types";
import { connectionProblem, type LayerGraph } from "../layerGraph";

const SHOW_MS = 4000; // how long the reason stays after the drag ends

export function useConnectionRules(graph: LayerGraph, specs: Map<string, LayerSpec>) {
  const [reason, setReason] = useState<string | null>(null);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const isValidConnection = useCallback(
    (connection: Edge | Connection) => {
      const joins = (type: string) => specs.get(type)?.joins === true;
      const problem = connectionProblem(graph, Number(connection.source), Number(connection.target), joins);
      // Called while the pointer moves, outside React's render: show the latest reason.
      queueMicrotask(() => setReason(problem));
      return problem === null;
    },
    [graph, specs],
  );

  const onConnectStart = useCallback(() => {
    window.clearTimeout(timer.current);
    setReason(null);
  }, []);

  const onConnectEnd = useCallback(() => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => setReason(null), SHOW_MS);
  }, []);

  return { reason, isValidConnection, onConnectStart, onConnectEnd };
}
