// The keyboard among a layer's wires. A wire is no Tab stop of its own: xyflow draws every wire
// before any layer, so Tab went through all N of them before reaching the input. From a layer,
// the arrow keys go through the wires out of it and back (xyflow's arrow keys moved the node,
// which the layout then put back, while its live region said it had moved); Tab from a wire goes
// on from its layer. The descriptions read on a node and a wire say so.
import type { KeyboardEvent } from "react";

export const NODE_KEYS =
  "Enter: its settings, beside the canvas. Down arrow: the wires out of it. Delete: removes the layer, joining its wires around it. To move it, use Insert after in its settings.";
export const WIRE_KEYS = "Up and down arrows: the other wires out of the same layer, and back to it. Delete: removes the wire. Escape: unselects it.";
/** xyflow's descriptions, said as the element takes the focus; both node keys, as its names are
 * the wrong way round (`keyboardDisabled` is the one shown with the keyboard on). */
export const ARIA_LABELS = {
  "node.a11yDescription.default": NODE_KEYS,
  "node.a11yDescription.keyboardDisabled": NODE_KEYS,
  "edge.a11yDescription.default": WIRE_KEYS,
};
/** On every wire: reached by the arrow keys from its layer, not by Tab. */
export const NO_TAB_STOP = { tabIndex: -1 };

const ARROWS = ["ArrowDown", "ArrowRight", "ArrowUp", "ArrowLeft"];

type Focusable = HTMLElement | SVGElement;

/** The layer `source`'s node, and the wires out of it after it, in the order they are drawn. */
function around(canvas: Element, source: string): Focusable[] {
  const node = canvas.querySelector<HTMLElement>(`.react-flow__node[data-id="${source}"]`);
  const wires = [...canvas.querySelectorAll<SVGElement>(".react-flow__edge")].filter((wire) => wire.dataset.id?.split("-")[0] === source);
  return node ? [node, ...wires] : wires;
}

/** A keydown on the canvas, in the capture phase: arrows and Tab on a focused node or wire. */
export function moveAmongWires(event: KeyboardEvent<HTMLDivElement>): void {
  const target = event.target instanceof HTMLElement || event.target instanceof SVGElement ? event.target : null;
  const element = target?.closest<Focusable>(".react-flow__node, .react-flow__edge");
  if (!element || element !== target) return; // a field inside a node keeps its keys
  const isWire = element.matches(".react-flow__edge");
  const source = (isWire ? element.dataset.id?.split("-")[0] : element.dataset.id) ?? "";
  const line = around(event.currentTarget, source);
  const at = line.indexOf(element);
  if (ARROWS.includes(event.key)) {
    event.stopPropagation(); // not xyflow's move of the selected node
    event.preventDefault(); // nor a scroll of the page
    const step = event.key === "ArrowDown" || event.key === "ArrowRight" ? 1 : -1;
    line[at + step]?.focus();
  } else if (event.key === "Tab" && isWire) {
    // From the wire's layer: Tab goes on to the layer after it, Shift+Tab stops on it.
    line[0]?.focus();
    if (event.shiftKey) event.preventDefault();
  }
}
