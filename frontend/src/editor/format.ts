// How shapes and counts read on screen.

/** (16, 8, 8) for a sample shape; the batch dimension is never shown. */
export function formatShape(shape: readonly number[]): string {
  return `(${shape.join(", ")})`;
}

/** 1,234,567 */
export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}
