// The training settings' heading, focused and in view: where the skip link and the Train bar's
// link take the keyboard.

export function focusHeading(): void {
  const heading = document.querySelector<HTMLElement>("#training-settings h2");
  heading?.focus();
  heading?.scrollIntoView({ block: "nearest" });
}
