// A set checked against what the server takes at once (the model view's classify_many) before
// it is uploaded: the limit it is over, and by how much, so nobody waits for an upload to be refused.
import type { ManyCapacity } from "../../api/types";
import { formatBytes } from "../../editor/formatBytes";

/** Data rows of a CSV: its non-blank lines after the header (a quoted line break counts twice,
 * so a set right at the limit may still be left to the server, which reads it exactly). */
async function csvRows(file: File): Promise<number> {
  const lines = (await file.text()).split(/\r\n|\n|\r/);
  return Math.max(0, lines.filter((line) => line.replace(/,/g, "").trim() !== "").length - 1);
}

/** A ZIP's entries, as its end record counts them (folders too, as the server does); null when
 * the record is not there or is ZIP64's, and the server is left to count. */
async function zipEntries(file: File): Promise<number | null> {
  const tail = new DataView(await file.slice(Math.max(0, file.size - 65_557)).arrayBuffer());
  for (let at = tail.byteLength - 22; at >= 0; at--) {
    if (tail.getUint32(at, true) !== 0x06054b50) continue;
    const entries = tail.getUint16(at + 10, true);
    return entries === 0xffff ? null : entries;
  }
  return null;
}

/** What a set holds: its items where they can be counted here, and whether each is a sample. */
async function countItems(files: File[]): Promise<{ items: number | null; what: string }> {
  const only = files.length === 1 ? files[0]! : null;
  if (only && /\.csv$/i.test(only.name)) return { items: await csvRows(only), what: "rows" };
  if (only && /\.zip$/i.test(only.name)) return { items: await zipEntries(only), what: "entries (files and folders)" };
  return { items: files.length, what: files.length === 1 ? "picture" : "pictures" };
}

/** Why the server would refuse this set before reading it, or null when it is within every limit. */
export async function overManyLimits(files: File[], capacity: ManyCapacity): Promise<string | null> {
  const { limits, work_per_item: work, most_items: most } = capacity;
  const bytes = files.reduce((sum, f) => sum + f.size, 0);
  if (bytes > limits.max_bytes)
    return `These files are ${formatBytes(bytes)} together, ${formatBytes(bytes - limits.max_bytes)} over the limit of ${formatBytes(limits.max_bytes)} at once: send fewer, or smaller pictures (the model sees them at its own size anyway).`;
  const { items, what } = await countItems(files);
  if (items === null) return null;
  if (items > limits.max_items)
    return `The set holds ${items.toLocaleString("en")} ${what}, ${(items - limits.max_items).toLocaleString("en")} over the limit of ${limits.max_items.toLocaleString("en")} items at once: split it into sets of at most ${limits.max_items.toLocaleString("en")}.`;
  // The work per item is known exactly; a ZIP's entries include folders, so only rows and pictures count here.
  if (items > most && !what.startsWith("entries"))
    return `This model takes ${work.toLocaleString("en")} multiply-accumulates an item: ${items.toLocaleString("en")} items are ${(items - most).toLocaleString("en")} over the ${most.toLocaleString("en")} it may answer at once (${limits.max_macs.toLocaleString("en")} in all): send at most ${most.toLocaleString("en")}.`;
  return null;
}
