// One way to write a moment across the app (the Runs page, a model's share links), in the reader's
// own time zone: "14:05:09" today, "30 Nov, 14:05" another day this year, "3 Jan 2027, 14:05" else.
// Written as the rest of the app is, in English with Western digits, whatever the browser's
// locale: its own format wrote "20 h" for 20:10 (fr-CA, the minutes cut off), Arabic-Indic digits
// beside the app's "50.0%", and years of other calendars (a review).
// In editor/, a layer below both pages that use it (src/layers.test.ts).

const two = (n: number) => String(n).padStart(2, "0");

/** "14:05:09" (or "14:05" without `seconds`), on a 24-hour clock in the reader's time zone. */
export function clockOf(at: Date, seconds = true): string {
  const clock = `${two(at.getHours())}:${two(at.getMinutes())}`;
  return seconds ? `${clock}:${two(at.getSeconds())}` : clock;
}

export function formatWhen(epochSeconds: number | null | undefined, now: Date = new Date()): string {
  if (epochSeconds == null) return "—";
  const at = new Date(epochSeconds * 1000);
  if (at.toDateString() === now.toDateString()) return clockOf(at);
  const year = at.getFullYear() === now.getFullYear() ? undefined : "numeric";
  const day = at.toLocaleDateString("en-GB", { day: "numeric", month: "short", year });
  return `${day}, ${clockOf(at, false)}`;
}
