// Where the keyboard's focus goes when a layer's card opens or folds, or moves to an end of the
// list: to that layer's button that is there now. The button pressed went away (or was disabled),
// and focus fell to the page's <body>, so the next Tab started over from the top.

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
