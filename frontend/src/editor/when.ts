// One way to write a moment across the app (the Runs page, a model's share links), in the reader's
// own time zone: "14:05:09" today, "30 Nov, 14:05" another day this year, "3 Jan 2027, 14:05" else.
// In editor/, a layer below both pages that use it (src/layers.test.ts).

export function formatWhen(epochSeconds: number | null | undefined, now: Date = new Date()): string {
  if (epochSeconds == null) return "—";
  const at = new Date(epochSeconds * 1000);
  const clock = at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
  if (at.toDateString() === now.toDateString()) return clock;
  const year = at.getFullYear() === now.getFullYear() ? undefined : "numeric";
  const day = at.toLocaleDateString([], { day: "numeric", month: "short", year });
  return `${day}, ${clock.slice(0, 5)}`;
}
