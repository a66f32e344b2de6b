// Each ticked run keeps its colour while it stays ticked: unticking one run must not repaint the
// others, whose lines a person has already learnt. A newly ticked run takes the lowest free slot.

/** The colour slot of each id in `ids`: the one it had in `previous`, else the lowest one free. */
export function keepSlots(previous: ReadonlyMap<string, number>, ids: readonly string[]): Map<string, number> {
  const next = new Map<string, number>();
  for (const id of ids) {
    const slot = previous.get(id);
    if (slot !== undefined) next.set(id, slot);
  }
  const used = new Set(next.values());
  let free = 0;
  for (const id of ids) {
    if (next.has(id)) continue;
    while (used.has(free)) free += 1;
    next.set(id, free);
    used.add(free);
  }
  return next;
}
