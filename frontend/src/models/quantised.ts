// A layer's values as the server sends them (export/quantised.py): bytes between the tensor's min
// and max, as tiles or a strip; decoded here, and said in words.
import type { Quantised } from "../api/types";

/** The bytes, one per value sent, in row-major order of `q.shape`. */
export function bytesOf(q: Quantised): Uint8Array {
  const text = atob(q.data);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** The value a byte stands for. */
export function valueOf(q: Quantised, byte: number): number {
  return q.min + (byte * (q.max - q.min)) / 255;
}

/** How much of the tensor is drawn: "16 of 64 channels", "the first 256 of 4,096 values". */
export function shownOf(q: Quantised, things: string): string {
  const sent = q.shape[0] ?? 0;
  const of = q.of.toLocaleString("en-US");
  if (q.view === "strip") return sent < q.of ? `the first ${sent} of ${of} values` : `${of} values`;
  const scaled = q.scaled_from ? `, each ${q.scaled_from[0]}×${q.scaled_from[1]} averaged down to ${q.shape[1]}×${q.shape[2]}` : "";
  return (sent < q.of ? `${sent} of ${of} ${things}` : `${of} ${q.of === 1 ? things.replace(/s$/, "") : things}`) + scaled;
}

/** Pixels a tile's pixel is drawn as: small maps scaled up to about 40 px, crisp (8 tiles fit a
 * row of the Try it panel at 1024 px). */
export function tileScale(height: number, width: number): number {
  return Math.max(1, Math.floor(40 / Math.max(height, width, 1)));
}
