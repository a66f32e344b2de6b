// How long this server keeps a browser's runs and uploads after its last visit, as the runs page says it.

const UNITS: [number, string][] = [
  [86400, "day"],
  [3600, "hour"],
  [60, "minute"],
  [1, "second"],
];

/** "30 days", "1.5 days", "12 hours": a span of days in the largest unit it fills once. */
export function spanText(days: number): string {
  const seconds = days * 86400;
  const [size, unit] = UNITS.find(([size]) => seconds >= size) ?? UNITS[UNITS.length - 1]!;
  const count = Math.round((seconds / size) * 10) / 10;
  return `${count.toLocaleString("en-US")} ${unit}${count === 1 ? "" : "s"}`;
}

/** What the runs page says of a server that deletes idle browsers' data, or null for one that keeps it. */
export function keptForText(days: number | null | undefined): string | null {
  if (days == null) return null;
  return `This server keeps a browser's runs and uploads for ${spanText(days)} after its last visit, then deletes them: download what you want to keep.`;
}
