// After a layer is added from the palette by keyboard, the focus moves to it: to its id in the
// List's open card or, on the Canvas, in the inspector, which edits it once it is selected. So a
// person at the keyboard edits it at once, not after tabbing past the whole palette. Each add, a
// click's too, puts a line under the palette that says what was added (on a phone, where the
// layers are below the fold, the one sign a tap did something: editor/LayerAdded.tsx). A fix that
// inserts a layer ("Fix: Insert a Flatten before fc1") is followed the same way, and one that sets
// a param focuses that param; the line also says what else replaced the design (a template). Once
// the layers change otherwise (New design, a file, Undo), it is cleared: on a phone "Loaded the
// LeNet-style CNN template: 10 layers." stayed over an empty new design.
import { useCallback, useEffect, useRef, useState } from "react";
import type { DesignFix, Layer } from "../api/types";
import type { StackItem } from "./layerGraph";

/** `text`, set apart from the line's `old` text when they are the same (a trailing no-break space
 * toggled): a live region says again only what changed, and the same template loaded twice (after
 * an Undo) was said once. */
const sayAgain = (text: string) => (old: string) => (old === text ? `${text}\u00a0` : text);

/** The DOM id of a layer's id field, in its card: where the focus goes. */
export const layerIdField = (key: number) => `layer-${key}-id`;

export function useFocusAdded(items: StackItem[], onSelect: (keys: Set<number>) => void) {
  // The layers before an add, until it shows; whether the focus follows, and the selection; the id
  // it went after.
  const before = useRef<{ keys: Set<number>; focus: boolean; select: boolean; after: string | null; said?: (layer: Layer) => string } | null>(null);
  const [target, setTarget] = useState<number | null>(null);
  // A param's field to focus once drawn (a fix set it), by its DOM id.
  const [fieldTarget, setFieldTarget] = useState<string | null>(null);
  const latest = useRef(items);
  latest.current = items;
  const [said, setSaid] = useState("");
  const [addedKey, setAddedKey] = useState<number | null>(null);
  // The layers the line speaks of, by key: those on screen when it was said. A param's edit keeps
  // them, and the line (clearing it would move the layers under a phone's finger as it types).
  const keys = items.map((item) => item.key).join(" ");
  const saidOf = useRef(keys);
  useEffect(() => {
    saidOf.current = keys; // said in the same render as what it says (a template with its layers)
  }, [said]);
  useEffect(() => {
    if (keys === saidOf.current) return;
    saidOf.current = keys;
    // An add (or a fix's insert) that is awaited is said by the effect below instead.
    if (before.current === null) {
      setSaid("");
      setAddedKey(null);
    }
  }, [keys]);

  useEffect(() => {
    const expected = before.current;
    const added = expected && items.find((item) => !expected.keys.has(item.key));
    if (!added) return;
    before.current = null;
    if (expected.select) onSelect(new Set([added.key])); // on the canvas, the inspector shows it, and the next add follows it
    setAddedKey(added.key);
    if (expected.focus) setTarget(added.key);
    const where = expected.after ? ` after ${expected.after}` : "";
    setSaid(expected.said?.(added.layer) ?? `Added ${added.layer.type} ${added.layer.id}${where}${expected.focus ? "; its settings follow." : "."}`);
  }, [items, onSelect]);

  // After each render until its field is there (the inspector draws it a render later).
  useEffect(() => {
    if (target === null) return;
    const field = document.getElementById(layerIdField(target));
    if (!field) return;
    field.focus();
    setTarget(null);
  });
  useEffect(() => {
    if (fieldTarget === null) return;
    document.getElementById(fieldTarget)?.focus(); // a layer folded to one line has none: left be
    setFieldTarget(null);
  });

  /** Call before adding a layer: by keyboard (`focus`), or after another (`after`, its id); either
   * selects it, so that the next add follows it. */
  const expectAdded = (focus: boolean, after: string | null) => {
    before.current = { keys: new Set(items.map((item) => item.key)), focus, select: focus || after !== null, after };
  };
  /** Call before applying a server's one-click fix (its button goes with the error it fixed): a
   * layer it inserts is said as an add is, and by keyboard (`focus`) focused; a param it sets too. */
  const expectFix = useCallback((fix: DesignFix, focus: boolean) => {
    if ("remove" in fix) return setSaid(sayAgain(`Removed ${fix.remove}.`));
    if ("move" in fix) return setSaid(sayAgain(`Moved ${fix.move} before ${fix.before}.`));
    if ("param" in fix) {
      if (focus) setFieldTarget(`param-${fix.layer}-${fix.param}`);
      return setSaid(sayAgain(`Set ${fix.param} of ${fix.layer} to ${fix.value}.`));
    }
    const where = fix.before ? `before ${fix.before}` : `after ${fix.after}`;
    before.current = { keys: new Set(latest.current.map((item) => item.key)), focus, select: focus, after: null, said: (layer) => `Inserted ${layer.type} ${layer.id} ${where}.` };
  }, []);
  /** Says something else that changed the layers (a template loaded), in the same line. */
  const say = useCallback((text: string) => {
    setSaid(sayAgain(text));
    setAddedKey(null);
  }, []);
  /** `addedKey`: the layer added last, for the line's Show it. */
  return { expectAdded, expectFix, say, said, addedKey };
}
