// The editor's first stop for Tab: past the palette's thirty layers to the dataset and Train.
// It moves focus, not only the view, so the next Tab goes on from the settings.

export function SkipToTraining() {
  const skip = (event: { preventDefault: () => void }) => {
    event.preventDefault();
    const heading = document.querySelector<HTMLElement>("#training-settings h2");
    heading?.focus();
    heading?.scrollIntoView({ block: "nearest" });
  };
  return (
    <a className="skip-link" href="#training-settings" data-testid="skip-to-training" onClick={skip}>
      Skip to the training settings
    </a>
  );
}
