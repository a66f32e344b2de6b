// What opening a design link says: the design it replaced, when that was one of the user's own, is
// one Undo away (a classmate's link opened over "my homework net" said nothing, and it seemed lost).
import type { Design } from "../api/types";

/** Whether `own` holds work of the user's that `linked` replaces: layers, and not the same design. */
function replacesWork(linked: Design, own: Design): boolean {
  return own.layers.length > 0 && JSON.stringify(own) !== JSON.stringify(linked);
}

/** The notice over the editor after a link opened `linked` in place of `own`; `placed`: what
 * placing it on a dataset said (placeOnDataset.ts), or null; `challenge`: the title of the
 * challenge whose Start made the link (no link the person had seen). Null when there is nothing
 * to say. */
export function linkNotice(linked: Design, own: Design, placed: string | null, challenge: string | null = null): string | null {
  if (!replacesWork(linked, own)) return placed;
  const opened = challenge ? `the challenge “${challenge}”` : `${linked.name} from a link`;
  const said = `Opened ${opened}; your design “${own.name}” is one Undo away.`;
  return placed ? `${said} ${placed}` : said;
}
