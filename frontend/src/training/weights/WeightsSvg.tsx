// The network drawn as TensorFlow Playground draws it: units as circles, weights as edges whose
// width is |w| and colour w's sign. One edge at a time is in the tab order (a roving focus): Tab
// reaches it, the arrow keys move along a layer's edges (Up, Down) or between layers (Left,
// Right); hovering, tapping or focusing an edge chooses it, and the readout beside says its value.
import type { KeyboardEvent } from "react";
import { edgeAfterKey, NODE_RADIUS, type Drawing, type Edge, type Node } from "./networkDrawing";

const SIGN_COLOUR = { positive: "var(--neuron-positive, #0877bd)", negative: "var(--neuron-negative, #e8710a)", zero: "var(--muted, #888)" };

interface Props {
  drawing: Drawing;
  chosen: number | null;
  onChoose: (edge: number) => void;
}

export function WeightsSvg({ drawing, chosen, onChoose }: Props) {
  const { nodes, edges, columns } = drawing;
  const focusable = chosen ?? 0;
  const last = nodes.length - 1;
  const named = drawing.outputsNamed;
  const ends = (edge: Edge) => [nodes[edge.layer]![edge.from]!, nodes[edge.layer + 1]![edge.to]!] as const;
  const move = (event: KeyboardEvent<SVGLineElement>, index: number) => {
    const next = edgeAfterKey(edges, index, event.key);
    if (next === null) return;
    event.preventDefault();
    onChoose(next);
    // The element for `next` is already drawn: only which one holds tabIndex 0 changes.
    const svg = event.currentTarget.ownerSVGElement;
    svg?.querySelector<SVGLineElement>(`[data-edge="${next}"]`)?.focus();
  };
  const shown = chosen !== null ? edges[chosen] : undefined;
  return (
    <svg className="weights-svg" viewBox={`0 0 ${drawing.width} ${drawing.height}`} role="group" aria-label="The network's weights: Tab to an edge, arrow keys to move between edges">
      {columns.map((column, i) => (
        <text key={i} x={column.x} y={12} className="weights-title" textAnchor="middle">
          <tspan className="weights-title-id">{column.title}</tspan>
          <tspan x={column.x} dy="1.2em" className="weights-subtitle">{column.subtitle}</tspan>
        </text>
      ))}
      <g aria-hidden="true">
        {edges.map((edge, i) => {
          const [a, b] = ends(edge);
          return <line key={i} className="weights-edge" x1={a.x} y1={a.y} x2={b.x} y2={b.y} stroke={SIGN_COLOUR[edge.sign]} strokeWidth={edge.width} strokeOpacity={edge.opacity} strokeLinecap="round" />;
        })}
      </g>
      {shown && <ChosenEdge edge={shown} ends={ends(shown)} />}
      <g>
        {edges.map((edge, i) => {
          const [a, b] = ends(edge);
          return (
            <line
              key={i}
              className="weights-hit"
              data-testid="weight-edge"
              data-edge={i}
              data-weight={edge.weight}
              x1={a.x}
              y1={a.y}
              x2={b.x}
              y2={b.y}
              tabIndex={i === focusable ? 0 : -1}
              role="img"
              aria-label={edge.label}
              onMouseEnter={() => onChoose(i)}
              onClick={() => onChoose(i)}
              onFocus={() => onChoose(i)}
              onKeyDown={(event) => move(event, i)}
            />
          );
        })}
      </g>
      <g aria-hidden="true">
        {nodes.flat().map((node) => (
          <g key={`${node.column}-${node.unit}`}>
            <circle cx={node.x} cy={node.y} r={NODE_RADIUS} className="weights-node">
              <title>{node.bias === null ? node.name : `${node.name}, bias ${node.bias}`}</title>
            </circle>
            {node.column === 0 && <UnitName node={node} side="input" />}
            {node.column === last && named && <UnitName node={node} side="output" />}
          </g>
        ))}
      </g>
    </svg>
  );
}

/** An input's or output's name beside its unit, cut short where long: its tooltip says it whole. */
function UnitName({ node, side }: { node: Node; side: "input" | "output" }) {
  const text = (
    <text x={side === "input" ? node.x - NODE_RADIUS - 4 : node.x + NODE_RADIUS + 4} y={node.y + 4} textAnchor={side === "input" ? "end" : "start"} className="weights-input" data-testid={`weights-${side}-name`}>
      {node.short}
    </text>
  );
  if (node.short === node.name) return text;
  return (
    <g className="weights-name-cut">
      <title>{node.name}</title>
      {text}
    </g>
  );
}

/** The chosen edge, outlined over the others so it shows even where it is thin. */
function ChosenEdge({ edge, ends: [a, b] }: { edge: Edge; ends: readonly [{ x: number; y: number }, { x: number; y: number }] }) {
  return (
    <g aria-hidden="true" data-testid="weight-chosen">
      <line x1={a.x} y1={a.y} x2={b.x} y2={b.y} className="weights-chosen-outline" strokeWidth={edge.width + 4} strokeLinecap="round" />
      <line x1={a.x} y1={a.y} x2={b.x} y2={b.y} stroke={SIGN_COLOUR[edge.sign]} strokeWidth={edge.width} strokeLinecap="round" />
    </g>
  );
}
