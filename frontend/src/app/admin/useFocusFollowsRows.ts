// The focus on a row's button, kept when that row leaves the list (stopped here, or ended and gone
// at the next refresh): it goes to the next row's button, else the previous one's, else `after`.
// Without it the focus fell to the page, and a keyboard user started again from the top.
import { useLayoutEffect, useRef, type FocusEvent, type RefObject } from "react";

export function useFocusFollowsRows(ids: string[], after: RefObject<HTMLElement | null>) {
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const focused = useRef<string | null>(null); // the row whose button has the focus
  const before = useRef(ids);
  useLayoutEffect(() => {
    const gone = focused.current;
    const old = before.current;
    before.current = ids;
    if (gone === null || ids.includes(gone)) return;
    focused.current = null;
    const at = old.indexOf(gone);
    const next = [...old.slice(at + 1), ...old.slice(0, at).reverse()].find((id) => ids.includes(id));
    (next === undefined ? after.current : buttons.current.get(next))?.focus();
  }, [ids, after]);

  /** The props of row `id`'s button. */
  return (id: string) => ({
    ref: (button: HTMLButtonElement | null) => void (button ? buttons.current.set(id, button) : buttons.current.delete(id)),
    onFocus: () => void (focused.current = id),
    // A blur that leaves the button in the page is the user's own move: nothing to follow.
    onBlur: (event: FocusEvent<HTMLButtonElement>) => {
      const button = event.currentTarget;
      queueMicrotask(() => {
        if (button.isConnected && focused.current === id) focused.current = null;
      });
    },
  });
}
