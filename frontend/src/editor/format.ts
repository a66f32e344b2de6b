// How shapes and counts read on screen.

/** (16, 8, 8) for a sample shape; the batch dimension is never shown. */
export function formatShape(shape: readonly number[]): string {
  return `(${shape.join(", ")})`;
}

// One formatter for every call: toLocaleString makes a new one each time, which cost a 200-layer
// design's panels about 30 ms a keystroke.
const COUNT = new Intl.NumberFormat("en-US");

/** 1,234,567 */
export function formatCount(n: number): string {
  return COUNT.format(n);
}
