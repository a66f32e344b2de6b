// An order of a design's layers in which each comes after the layers that feed it, as the data
// flows. Each next layer is, where one is ready, one that the layer just listed feeds, so a chain
// reads unbroken; else the ready layer earliest in the design's own list. A stack keeps its order.

/** `nodes` in flow order. `wires` are [source, target] pairs; a source that is not among `nodes`
 * (the input) is there from the start. Layers on a cycle, which the editor refuses, keep their place. */
export function flowOrder<K>(nodes: K[], wires: [K, K][]): K[] {
  const inside = new Set(nodes);
  const sources = new Map<K, K[]>(nodes.map((node) => [node, []]));
  for (const [source, target] of wires) if (inside.has(source)) sources.get(target)?.push(source);
  const placed = new Set<K>();
  const order: K[] = [];
  let rest = nodes;
  let last: K | null = null; // null: the input
  while (rest.length) {
    const ready = rest.filter((node) => sources.get(node)!.every((source) => placed.has(source)));
    const fedByLast = ready.find((node) => wires.some(([s, t]) => t === node && (last === null ? !inside.has(s) : s === last)));
    const next = fedByLast ?? ready[0] ?? rest[0]!;
    order.push(next);
    placed.add(next);
    rest = rest.filter((node) => node !== next);
    last = next;
  }
  return order;
}

/** Whether `node` takes its input from `before`, the one listed just above it. */
export function feeds<K>(wires: [K, K][], before: K, node: K): boolean {
  return wires.some(([source, target]) => source === before && target === node);
}
