// What a screen reader hears when layers or wires are deleted on the canvas (Delete, Backspace):
// the focused node or wire goes with the focus, and only the error that may follow was said.
import { idOf, type LayerGraph, type Wire } from "../layerGraph";

const listed = (names: string[]) => (names.length < 2 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`);

/** "Removed conv2.", "Removed the wire act1 → conv2.", "Removed fc1 and fc2, and the wires …";
 * `g`: the graph before the delete, which still names them. */
export function removedSaid(g: LayerGraph, keys: Set<number>, wires: Wire[]): string {
  const parts: string[] = [];
  if (keys.size) parts.push(listed([...keys].map((key) => idOf(g, key))));
  if (wires.length) parts.push(`the wire${wires.length > 1 ? "s" : ""} ${listed(wires.map(([s, t]) => `${idOf(g, s)} → ${idOf(g, t)}`))}`);
  return parts.length ? `Removed ${parts.join(", and ")}.` : "";
}
