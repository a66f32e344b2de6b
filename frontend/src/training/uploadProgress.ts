// What an upload under way says: how much of it has gone, then that the server reads it.
import { formatBytes } from "../editor/formatBytes";

export const READING = "Sent: the server is reading the file…";

export function uploadProgressText(sent: number, total: number): string {
  if (total > 0 && sent >= total) return READING;
  const share = total > 0 ? Math.floor((100 * sent) / total) : 0;
  return `Uploading… ${share}% (${formatBytes(sent)} of ${formatBytes(total)})`;
}
