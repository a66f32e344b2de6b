// The training settings' heading, focused and in view: where the skip link and the Train bar's
// link take the keyboard.

import { followLayout } from "../editor/followLayout";

// How long after the press the heading is kept clear as the page grows, unless the person moves
// first: a busy server's check of the design may answer seconds later.
const FOLLOW_MS = 10_000;

let stopFollowing: (() => void) | null = null;

export function focusHeading(): void {
  const heading = document.querySelector<HTMLElement>("#training-settings h2");
  if (!heading) return;
  heading.focus();
  heading.scrollIntoView({ block: "nearest" });
  clearOfBar(heading);
  follow(heading);
}

/** "Nearest" may leave the heading at the window's foot, under the Train bar that shows while the
 * settings' own Train is below the window (a phone, the canvas view): the focus was then out of
 * sight. It goes to the window's top instead, the settings in view under it. */
function clearOfBar(heading: HTMLElement): void {
  const bar = document.querySelector<HTMLElement>("[data-testid='train-bar']");
  if (!bar) return;
  const seen = heading.getBoundingClientRect();
  if (seen.bottom > bar.getBoundingClientRect().top || seen.top < -1) heading.scrollIntoView({ block: "start" });
}

/** The page may still grow above the heading after the press (the server's check of the design,
 * answering late on a busy server, draws each layer's shapes), which pushed it under the bar: for
 * a while it is kept clear as the page and the bar change size, until the person's own move. */
function follow(heading: HTMLElement): void {
  stopFollowing?.();
  const bar = document.querySelector<HTMLElement>("[data-testid='train-bar']");
  stopFollowing = followLayout(bar ? [document.body, bar] : [document.body], () => clearOfBar(heading), FOLLOW_MS);
}
