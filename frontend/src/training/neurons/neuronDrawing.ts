// Draws a neuron's map over the plane as TensorFlow Playground does: one colour where the unit is
// negative, another where it is positive, fading to the zero colour in between, each unit on its
// own scale (its largest |value| is full colour). Framework-free, so it is tested on its own; the
// model page's Neurons and the run page's live neurons both draw with it.
import { parseHex } from "../results/cellColors";

type Rgb = [number, number, number];

/** A unit's values' range: byte 0 stands for min, byte 255 for max. */
export interface UnitRange {
  min: number;
  max: number;
}

/** One unit's map: size × size bytes, row by row from y_min, each a step between min and max. */
export interface UnitMap extends UnitRange {
  size: number;
  bytes: Uint8Array;
}

/** The three colours of a map, as hex: theme.css's --neuron-* values. */
export interface NeuronTheme {
  negative: string;
  zero: string;
  positive: string;
}

/** theme.css's light values, for a page without the theme's stylesheet. */
export const LIGHT_NEURONS: NeuronTheme = { negative: "#e8710a", zero: "#ffffff", positive: "#0877bd" };

/** The page's --neuron-* colours now (a canvas cannot read CSS variables itself). */
export function neuronTheme(): NeuronTheme {
  const style = getComputedStyle(document.documentElement);
  const read = (name: keyof NeuronTheme) => style.getPropertyValue(`--neuron-${name}`).trim() || LIGHT_NEURONS[name];
  return { negative: read("negative"), zero: read("zero"), positive: read("positive") };
}

/** The colour of `value` on a scale where ±`extent` is full colour and 0 the zero colour. */
export function divergingColour(value: number, extent: number, theme: NeuronTheme): Rgb {
  const share = extent > 0 ? Math.max(-1, Math.min(1, value / extent)) : 0;
  const zero = parseHex(theme.zero);
  const end = parseHex(share < 0 ? theme.negative : theme.positive);
  const t = Math.abs(share);
  return zero.map((c, i) => Math.round(c + (end[i]! - c) * t)) as Rgb;
}

/** The largest |value| a unit's map holds: its full colour. */
export function unitExtent(map: UnitRange): number {
  return Math.max(Math.abs(map.min), Math.abs(map.max));
}

/** A value short enough to sit beside a tile: 3 significant digits (-0 reads 0, as String gives it). */
export function formatValue(value: number): string {
  return String(Number(value.toPrecision(3)));
}

/** The ends of a unit's colour scale, "−1.5" and "+1.5"; null for a unit that gave 0 everywhere,
 * which has no scale to show (it read "−0 … +0"). */
export function scaleEnds(map: UnitRange): [string, string] | null {
  const extent = unitExtent(map);
  return extent > 0 ? [`−${formatValue(extent)}`, `+${formatValue(extent)}`] : null;
}

/** The map's pixels, one a cell, for a canvas `size` wide: the server's rows run from y_min up,
 * a canvas's from the top down. */
export function neuronPixels(map: UnitMap, theme: NeuronTheme): ImageData {
  const { size, bytes, min, max } = map;
  const image = new ImageData(size, size);
  const extent = unitExtent(map);
  for (let i = 0; i < size * size; i++) {
    const [row, column] = [Math.floor(i / size), i % size];
    const value = min + ((bytes[i] ?? 0) * (max - min)) / 255;
    const colour = divergingColour(value, extent, theme);
    image.data.set([...colour, 255], ((size - 1 - row) * size + column) * 4);
  }
  return image;
}
