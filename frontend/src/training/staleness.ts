// What a run page says while its live connection is lost: the time it was last in touch, on the
// status it last saw and on the controls that need the server to act.
import { clockOf } from "../editor/when";

/** "14:03:12": the browser's local time of day, 24-hour, the same in every locale. */
export function clockTime(ms: number): string {
  return clockOf(new Date(ms));
}

/** "running (as of 14:03:12)" while out of touch since `lostAt`; the plain label otherwise. */
export function staleLabel(label: string, lostAt: number | null): string {
  return lostAt === null ? label : `${label} (as of ${clockTime(lostAt)})`;
}

/** Why a control that needs the server is disabled while out of touch; null while in touch. */
export function offlineReason(lostAt: number | null): string | null {
  return lostAt === null ? null : `Lost touch with the server at ${clockTime(lostAt)}: this works again once it is back.`;
}
