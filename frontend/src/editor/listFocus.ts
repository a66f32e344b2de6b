import type { KeyboardEvent } from "react";

// Where the keyboard's focus goes when a layer's card in the List opens or folds, moves to an end
// of the list, or is deleted: to a button that is there now. The button pressed went away (or was
// disabled), and focus fell to the page's <body>, so the next Tab started over from the top.

let toggled: number | null = null;

/** The layer with this key is about to open or fold: its next button takes the focus. */
export function markToggled(key: number): void {
  toggled = key;
}

/** A ref for the button that opens or folds the layer `key`: focused once it appears after a toggle. */
export function focusIfToggled(key: number): (button: HTMLButtonElement | null) => void {
  return (button) => {
    if (button && toggled === key) {
      toggled = null;
      button.focus();
    }
  };
}

/** The layer card nearest `card` in the list, before it, else after it. */
function nearestCard(card: Element): HTMLElement | null {
  for (const step of ["previousElementSibling", "nextElementSibling"] as const) {
    for (let el = card[step]; el; el = el[step]) if (el.classList.contains("layer-card")) return el as HTMLElement;
  }
  return null;
}

/** Delete on a layer's card in the List (not in one of its fields) deletes the layer, as on the
 * canvas, and hands the focus to the card before it (else after it), not to the page's body. */
export function deleteOnKey(event: KeyboardEvent, remove: () => void): void {
  const target = event.target as HTMLElement;
  if (event.key !== "Delete" || target.closest("input, textarea, select")) return;
  event.preventDefault();
  removeHandingOn(event.currentTarget as HTMLElement, remove);
}

/** A card's ✕ deletes its layer, and the focus goes on as it does for the Delete key. */
export function deleteFromButton(button: HTMLElement, remove: () => void): void {
  const card = button.closest(".layer-card");
  if (card) removeHandingOn(card, remove);
  else remove();
}

function removeHandingOn(card: Element, remove: () => void): void {
  const near = nearestCard(card);
  remove();
  requestAnimationFrame(() => near?.querySelector<HTMLElement>("button")?.focus());
}
