// What a row of neuron maps shows of its layer, in words.

/** "8 units", or "the first 8 of 64 units", where `sent` of the layer's `units` are drawn. */
export function unitsShown(sent: number, units: number): string {
  if (sent < units) return `the first ${sent} of ${units} units`;
  return `${units} ${units === 1 ? "unit" : "units"}`;
}
