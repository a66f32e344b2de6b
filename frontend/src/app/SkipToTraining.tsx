// The editor's first stop for Tab: past the palette's thirty layers to the dataset and Train.
// It moves focus, not only the view, so the next Tab goes on from the settings. Alt+T, from
// anywhere, goes to Train itself: a design built by keyboard ends in a layer's card, some twenty
// Tab stops before it. Train off is focusable still, and its description says why it is off (the
// settings' heading, where Alt+T once went then, said only "Training").
import { useAltKey } from "../editor/useAltKey";
import { focusHeading } from "../training/focusSettings";
import { TRAIN_SHORTCUT } from "../training/TrainButton";

/** Train, or the settings' heading while the settings are not drawn yet. */
function focusTrain() {
  const train = document.querySelector<HTMLButtonElement>("[data-testid='train-button']");
  if (train) train.focus();
  else focusHeading();
}

export function SkipToTraining() {
  useAltKey(TRAIN_SHORTCUT, focusTrain);
  const skip = (event: { preventDefault: () => void }) => {
    event.preventDefault();
    focusHeading();
  };
  return (
    <a className="skip-link" href="#training-settings" data-testid="skip-to-training" title={`${TRAIN_SHORTCUT} goes to Train itself`} onClick={skip}>
      Skip to the training settings
    </a>
  );
}
