// Draws a decision-boundary map on a canvas: each cell tinted by its class, the points over it.
// The finished run's map and the one that forms while a run trains both draw with it.

export const CLASS_COLOURS = ["#2563eb", "#ee4c2c", "#15803d", "#9333ea", "#ca8a04", "#0891b2"];

export interface BoundaryMap {
  x_min: number;
  x_max: number;
  y_min: number;
  y_max: number;
  /** Cells per side. */
  size: number;
  /** size × size class indices, row by row from y_min. */
  classes: ArrayLike<number>;
  /** The probability of each cell's class, 0 to 255; without it every cell is tinted alike. */
  confidence?: ArrayLike<number>;
  /** Points as [x, y, class]. */
  points: number[][];
}

function colour(index: number, alpha = 1): string {
  const hex = CLASS_COLOURS[index % CLASS_COLOURS.length]!;
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

/** A cell's tint: 0.22 alike, or from faint where the model hesitates (a coin flip) to 0.4 where it is sure. */
function cellAlpha(confidence: ArrayLike<number> | undefined, i: number): number {
  if (!confidence) return 0.22;
  const sure = (confidence[i] ?? 0) / 255;
  return 0.04 + 0.36 * Math.max(0, 2 * sure - 1);
}

/** Draws the map over the whole of a square canvas `pixels` wide. */
export function drawBoundary(context: CanvasRenderingContext2D, map: BoundaryMap, pixels: number): void {
  context.clearRect(0, 0, pixels, pixels);
  // Cell edges on whole pixels, each shared by its two cells: overlapping tints would draw a grid.
  const edge = (k: number) => Math.round((k * pixels) / map.size);
  for (let i = 0; i < map.classes.length; i++) {
    const [row, column] = [Math.floor(i / map.size), i % map.size]; // rows run from y_min upwards
    context.fillStyle = colour(map.classes[i] ?? 0, cellAlpha(map.confidence, i));
    context.fillRect(edge(column), pixels - edge(row + 1), edge(column + 1) - edge(column), edge(row + 1) - edge(row));
  }
  drawPoints(context, map, pixels);
}

/** Draws the points, each in its class's colour, over a square canvas `pixels` wide that covers
 * the map's extent (a neuron's map on the model page draws them too). */
export function drawPoints(context: CanvasRenderingContext2D, map: Pick<BoundaryMap, "x_min" | "x_max" | "y_min" | "y_max" | "points">, pixels: number): void {
  const x = (v: number) => ((v - map.x_min) / (map.x_max - map.x_min)) * pixels;
  const y = (v: number) => pixels - ((v - map.y_min) / (map.y_max - map.y_min)) * pixels;
  for (const [a = 0, b = 0, c = 0] of map.points) {
    context.beginPath();
    context.arc(x(a), y(b), 3, 0, 2 * Math.PI);
    context.fillStyle = colour(c);
    context.fill();
    context.strokeStyle = "#fff";
    context.stroke();
  }
}
