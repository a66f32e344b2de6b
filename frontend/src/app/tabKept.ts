// What a tab keeps across its reloads: its own copy (sessionStorage, which a reload keeps and other
// tabs do not see) and, from every save, the browser's latest (localStorage), which a new tab opens
// with. With one shared copy, two tabs on two designs overwrote each other: a reload of one brought
// back the other's design and its own was gone.

/** This tab's copy, or, in a tab that kept nothing yet, the latest any tab kept. */
export function readKept(key: string): string | null {
  try {
    return window.sessionStorage.getItem(key) ?? window.localStorage.getItem(key);
  } catch {
    return null; // storage switched off: start as on a first visit
  }
}

/** Keeps `value` for this tab and as the latest for new tabs. A value this tab already holds is
 * not written again, so that reloading an old tab does not make its work the latest. */
export function keep(key: string, value: string): void {
  try {
    if (window.sessionStorage.getItem(key) === value) return;
    window.sessionStorage.setItem(key, value);
  } catch {
    // No tab storage: the latest below is all a reload gets.
  }
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // Storage full or switched off: the editor still works, it just will not survive a reload.
  }
}
