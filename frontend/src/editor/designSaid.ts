// What a screen reader hears of the design's errors while it is built: one polite line, the
// number of errors and the first. The messages on cards and nodes are not live regions: each was an
// assertive alert, and a keystroke that broke a shape cut off what was being read.
import type { DesignError } from "../api/types";
import { uniqueMessages } from "./layerErrors";

/** "2 errors in the design. First: Linear `fc1`: …" (each message names its layer), or that there
 *  are none; "" before the design is first checked. */
export function designSaid(errors: DesignError[] | null): string {
  if (errors === null) return "";
  const unique = uniqueMessages(errors);
  const first = unique[0];
  if (!first) return "No errors in the design.";
  const count = unique.length === 1 ? "1 error" : `${unique.length} errors`;
  return `${count} in the design. First: ${first.message}`;
}
