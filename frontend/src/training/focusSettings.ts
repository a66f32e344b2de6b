// The training settings' heading, focused and in view: where the skip link and the Train bar's
// link take the keyboard.

export function focusHeading(): void {
  const heading = document.querySelector<HTMLElement>("#training-settings h2");
  if (!heading) return;
  heading.focus();
  heading.scrollIntoView({ block: "nearest" });
  // "Nearest" may leave it at the window's foot, under the Train bar that shows while the settings'
  // own Train is below the window (a phone, the canvas view): the focus was then out of sight.
  // It goes to the window's top instead, the settings in view under it.
  const bar = document.querySelector<HTMLElement>("[data-testid='train-bar']");
  if (bar && heading.getBoundingClientRect().bottom > bar.getBoundingClientRect().top) heading.scrollIntoView({ block: "start" });
}
