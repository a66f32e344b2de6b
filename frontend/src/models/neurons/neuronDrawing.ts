// Draws a neuron's map over the plane as TensorFlow Playground does: one colour where the unit is
// negative, another where it is positive, fading to the zero colour in between, each unit on its
// own scale (its largest |value| is full colour). Framework-free, so it is tested on its own.
import type { Quantised } from "../../api/types";
import { parseHex } from "../../training/results/cellColors";
import { valueOf } from "../quantised";

type Rgb = [number, number, number];

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
export function unitExtent(map: Quantised): number {
  return Math.max(Math.abs(map.min), Math.abs(map.max));
}

/** The map's pixels, one a cell, for a canvas `size` wide: the server's rows run from y_min up,
 * a canvas's from the top down. */
export function neuronPixels(map: Quantised, bytes: Uint8Array, theme: NeuronTheme): ImageData {
  const size = map.shape[map.shape.length - 1] ?? 1;
  const image = new ImageData(size, size);
  const extent = unitExtent(map);
  for (let i = 0; i < size * size; i++) {
    const [row, column] = [Math.floor(i / size), i % size];
    const colour = divergingColour(valueOf(map, bytes[i] ?? 0), extent, theme);
    image.data.set([...colour, 255], ((size - 1 - row) * size + column) * 4);
  }
  return image;
}
