// The charts' colours come from the theme's --chart-* custom properties (light, or dark when the
// system prefers it), read when a chart is built: a canvas cannot use CSS variables itself.
import { useEffect, useState } from "react";

/** The light theme's values, for a page without the theme's stylesheet. */
const FALLBACK: Record<string, string> = {
  "--chart-axis": "#3b4252",
  "--chart-grid": "#e5e7eb",
  "--chart-text": "#1f2937",
  "--chart-empty": "#f3f4f6",
  "--chart-zero": "#dc2626",
  "--chart-train": "#64748b",
  "--chart-series-1": "#2563eb",
  "--chart-series-2": "#dc2626",
  "--chart-series-3": "#16a34a",
  "--chart-series-4": "#9333ea",
  "--chart-series-5": "#ea580c",
  "--chart-series-6": "#0891b2",
  "--chart-series-7": "#db2777",
  "--chart-series-8": "#65a30d",
};

export const SERIES_COLORS = 8;

/** The name of the i-th series colour, cycling through the theme's eight. */
export function seriesColor(i: number): string {
  return `--chart-series-${(i % SERIES_COLORS) + 1}`;
}

// After the eight colours, the lines go on in the same colours dashed, then dotted, then dash-dot:
// eight colours alone drew a 30-layer network's conv1, conv5 and fc3 in one blue. A pattern's
// period fits the legend's 16 px swatch, which shows it (chartOptions.ts).
const SERIES_DASHES: (number[] | null)[] = [null, [8, 4], [2, 3], [8, 3, 2, 3]];

/** The i-th line of a chart of many (a layer each): its colour, and from the ninth on a dash
 * pattern, so that 32 lines differ in colour or dash. */
export function seriesStyle(i: number): { color: string; dash?: number[] } {
  const dash = SERIES_DASHES[Math.floor(i / SERIES_COLORS) % SERIES_DASHES.length];
  return dash ? { color: seriesColor(i), dash } : { color: seriesColor(i) };
}

/** A colour for a canvas: a `--chart-*` name resolved against the page's theme; any other colour as it is. */
export function resolveColor(color: string): string {
  if (!color.startsWith("--")) return color;
  const value = getComputedStyle(document.documentElement).getPropertyValue(color).trim();
  return value || FALLBACK[color] || "#888888";
}

/** A colour for CSS (SVG, HTML): the `--chart-*` name with the light value as fallback. */
export function cssColor(color: string): string {
  return color.startsWith("--") ? `var(${color}, ${FALLBACK[color] ?? "#888888"})` : color;
}

const DARK = "(prefers-color-scheme: dark)";

/** Whether the system asks for dark colours, followed as it changes: charts rebuild with it. */
export function useColorScheme(): "light" | "dark" {
  const [dark, setDark] = useState(() => window.matchMedia(DARK).matches);
  useEffect(() => {
    const query = window.matchMedia(DARK);
    const follow = () => setDark(query.matches);
    query.addEventListener("change", follow);
    return () => query.removeEventListener("change", follow);
  }, []);
  return dark ? "dark" : "light";
}
