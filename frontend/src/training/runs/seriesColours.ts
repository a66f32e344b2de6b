// The theme's series colours (--chart-series-1…8 in app/theme.css), read when a chart is drawn,
// since a canvas cannot take var(); the light ones when the theme has none.
const FALLBACK = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#db2777", "#65a30d"];

export const SERIES_COUNT = FALLBACK.length;

/** The n-th series colour (from 0), as the theme says it now. */
export function seriesColour(n: number): string {
  const i = n % SERIES_COUNT;
  const themed = getComputedStyle(document.documentElement).getPropertyValue(`--chart-series-${i + 1}`).trim();
  return themed || FALLBACK[i]!;
}
