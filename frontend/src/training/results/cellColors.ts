// A confusion matrix cell's colours: the theme's low colour deepening to its high one with the
// cell's share of its row, and whichever text colour reads best on it.

type Rgb = [number, number, number];

/** `#1d4ed8` or `#fff` as red, green and blue in 0..255; black for anything else. */
export function parseHex(color: string): Rgb {
  const hex = color.trim().replace(/^#/, "");
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join("") : hex;
  if (!/^[0-9a-f]{6}$/i.test(full)) return [0, 0, 0];
  return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as Rgb;
}

/** WCAG's relative luminance of an sRGB colour. */
export function luminance(rgb: Rgb): number {
  const [r, g, b] = rgb.map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG's contrast ratio of two colours, from 1 to 21. */
export function contrast(a: Rgb, b: Rgb): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

export interface CellTheme {
  low: string;
  high: string;
  /** The text colours to choose from, e.g. the theme's text and the one on the accent. */
  texts: string[];
}

/** The background and text of a cell holding `share` (0..1) of its row. */
export function cellColors(share: number, theme: CellTheme): { background: string; color: string } {
  const t = Math.min(1, 0.08 + share * 0.9);
  const [low, high] = [parseHex(theme.low), parseHex(theme.high)];
  const background = low.map((c, i) => Math.round(c + (high[i]! - c) * t)) as Rgb;
  const color = theme.texts.reduce((best, text) =>
    contrast(parseHex(text), background) > contrast(parseHex(best), background) ? text : best,
  );
  return { background: `rgb(${background.join(", ")})`, color };
}
