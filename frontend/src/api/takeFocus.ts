// Where the keyboard's focus goes on a page reached without a reload (Train opens the run's page):
// the control pressed went away with the old page and the focus fell to <body>, so the next Tab
// started over from the top and a screen reader said nothing of the new page.

/** A ref for a page's heading (tabIndex -1): it takes the focus when nothing else holds it. */
export function takeFocusFromBody(heading: HTMLElement | null): void {
  if (heading && (document.activeElement === null || document.activeElement === document.body)) heading.focus({ preventScroll: true });
}
