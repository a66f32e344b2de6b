// The server's errors sorted by the layer they name, for the list, the canvas and the inspector.
import type { DesignError } from "../api/types";

/** Two layers with the same id get the same errors twice; show each message once. */
export function uniqueMessages(errors: DesignError[]): DesignError[] {
  return errors.filter((e, i) => errors.findIndex((other) => other.message === e.message) === i);
}

const NO_ERRORS: DesignError[] = [];

/** A layer's errors, each message once; the same empty list for every layer without one, so that
 * a layer with none is drawn again only when something else about it changes. */
export function errorsByLayer(errors: DesignError[]): (id: string) => DesignError[] {
  const byId = new Map<string, DesignError[]>();
  for (const e of errors) if (e.node != null) byId.set(e.node, [...(byId.get(e.node) ?? []), e]);
  const unique = new Map([...byId].map(([id, list]) => [id, uniqueMessages(list)]));
  return (id) => unique.get(id) ?? NO_ERRORS;
}
