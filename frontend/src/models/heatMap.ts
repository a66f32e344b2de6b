// A Grad-CAM map as colours and words: the colour ramp drawn over the picture, and where the map
// is strongest, said in words for those who cannot see it.

/** Colour stops from none (transparent) to most (opaque yellow), as [r, g, b]. */
const STOPS: [number, number, number][] = [
  [48, 18, 130], // deep blue-violet
  [200, 30, 110], // magenta-red
  [250, 120, 20], // orange
  [255, 235, 60], // yellow
];

/** The overlay's RGBA for a heat `v` in [0, 1]: weak places stay almost clear, so the picture
 * shows through; strong ones are bright and mostly opaque. */
export function heatColour(v: number): [number, number, number, number] {
  const t = Math.min(1, Math.max(0, v)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(t));
  const f = t - i;
  const [a, b] = [STOPS[i]!, STOPS[i + 1]!];
  const mix = (k: number) => Math.round(a[k]! + (b[k]! - a[k]!) * f);
  return [mix(0), mix(1), mix(2), Math.round(255 * (0.08 + 0.7 * Math.min(1, Math.max(0, v))))];
}

/** The CSS background of the legend's bar: the ramp as the overlay draws it, weak places almost
 * clear, over a mid grey standing for a picture (the weak end was drawn opaque, as if weak places
 * hid the picture). */
export const HEAT_GRADIENT = `linear-gradient(to right, ${STOPS.map((_, i) => {
  const [r, g, b, a] = heatColour(i / (STOPS.length - 1));
  return `rgb(${r} ${g} ${b} / ${(a / 255).toFixed(3)})`;
}).join(", ")}), linear-gradient(#7a7a7a, #7a7a7a)`;

const ROWS = ["top", "middle", "bottom"];
const COLUMNS = ["left", "centre", "right"];

/** Where in the picture the map is strongest, in a ninth's words ("the top-left", "the centre"),
 * or null when the map is 0 everywhere. `heat` is `height` × `width` values, row by row. */
export function strongestPlace(heat: number[], height: number, width: number): string | null {
  const sums = new Array<number>(9).fill(0);
  const counts = new Array<number>(9).fill(0);
  heat.forEach((v, i) => {
    const [row, col] = [Math.floor(i / width), i % width];
    const cell = Math.min(2, Math.floor((row * 3) / height)) * 3 + Math.min(2, Math.floor((col * 3) / width));
    sums[cell]! += v;
    counts[cell]! += 1;
  });
  const means = sums.map((s, i) => (counts[i] ? s / counts[i]! : 0));
  const best = means.indexOf(Math.max(...means));
  if (!(means[best]! > 0)) return null;
  const [row, col] = [ROWS[Math.floor(best / 3)]!, COLUMNS[best % 3]!];
  if (row === "middle" && col === "centre") return "the centre";
  if (row === "middle") return `the ${col} side`;
  if (col === "centre") return `the ${row} middle`;
  return `the ${row}-${col}`;
}

/** How much of the picture the map lights (heat of a half or more): "a small part", "about half"... */
export function spread(heat: number[]): string {
  const lit = heat.filter((v) => v >= 0.5).length / Math.max(1, heat.length);
  if (lit < 0.15) return "a small part of the picture";
  if (lit < 0.4) return "about a quarter of the picture";
  if (lit < 0.65) return "about half the picture";
  return "most of the picture";
}
