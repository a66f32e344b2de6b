// When a paused run's pause ends while other runs wait for its worker: "14:02 (in 1:40)".
import { clockOf } from "../editor/when";

/** 1:40, 12:05, 1:02:03; "0:00" once passed. */
export function countdown(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  const [h, m, rest] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  const mm = h > 0 ? String(m).padStart(2, "0") : String(m);
  return `${h > 0 ? `${h}:` : ""}${mm}:${String(rest).padStart(2, "0")}`;
}

/** "14:02 (in 1:40)" for a unix time in seconds, by the browser's clock `now` (ms). */
export function pauseEnd(endsAt: number, now: number = Date.now()): string {
  return `${clockOf(new Date(endsAt * 1000), false)} (in ${countdown(endsAt - now / 1000)})`;
}
