// Which of a run's boundary maps the replay shows, and the ones Play steps through: pure, so the
// slider's and Play's choices are tested without a browser.

/** Play's pace: about 8 maps a second. */
export const PLAY_INTERVAL_MS = 125;
/** Play shows at most this many maps (6 s at its pace), skipping evenly through a longer run. */
export const MAX_PLAY_FRAMES = 48;

/** The index of the map shown: the slider's position, or the newest when it follows (null). */
export function shownIndex(count: number, position: number | null): number {
  if (count === 0) return -1;
  return position === null ? count - 1 : Math.min(Math.max(0, Math.round(position)), count - 1);
}

/** The position a slider value gives: following (null) once it is moved onto the newest map. */
export function positionAt(value: number, count: number): number | null {
  return value >= count - 1 ? null : Math.max(0, Math.round(value));
}

/**
 * The indices Play shows, from `from` to the last of `count` maps, both included: every one, or
 * `frames` spread evenly when there are more.
 */
export function playFrames(from: number, count: number, frames = MAX_PLAY_FRAMES): number[] {
  const last = count - 1;
  const start = Math.min(Math.max(0, from), last);
  if (last < 0) return [];
  const span = last - start;
  if (span + 1 <= frames) return Array.from({ length: span + 1 }, (_, i) => start + i);
  return Array.from({ length: frames }, (_, i) => start + Math.round((i * span) / (frames - 1)));
}

/** Where Play starts: where the slider is, or from the first map when it shows the newest. */
export function playStart(count: number, position: number | null): number {
  const shown = shownIndex(count, position);
  return shown >= count - 1 ? 0 : shown;
}
