// Train along the window's foot while the Train button itself is out of view, where the training
// settings come under the design (1200 px wide and less, a phone): at 1024 × 768, Train was two
// screens down a 10-layer design. Its reason for being off is said in one line; the link goes to
// the settings.
import { useEffect, useState, type RefObject } from "react";
import { CodeText } from "../editor/CodeText";

interface Props {
  /** The Train button in the settings: the bar shows while it is out of view. */
  watched: RefObject<HTMLButtonElement | null>;
  label: string;
  disabled: boolean;
  reason: string | null;
  onTrain: () => void;
}

export function TrainBar({ watched, label, disabled, reason, onTrain }: Props) {
  const [away, setAway] = useState(false);
  useEffect(() => {
    const button = watched.current;
    if (!button) return;
    const seen = new IntersectionObserver(([entry]) => setAway(entry !== undefined && !entry.isIntersecting));
    seen.observe(button);
    return () => seen.disconnect();
  }, [watched]);
  // The page keeps room at its foot, so the bar covers nothing that cannot scroll clear of it.
  useEffect(() => {
    document.body.classList.toggle("with-train-bar", away);
    return () => document.body.classList.remove("with-train-bar");
  }, [away]);
  if (!away) return null;
  return (
    <div className="train-bar" role="region" aria-label="Train from here" data-testid="train-bar">
      <button type="button" className="primary" disabled={disabled} onClick={onTrain} data-testid="train-bar-button">
        {label}
      </button>
      {reason && (
        <span className="train-bar-reason" title={reason}>
          <CodeText text={reason} />
        </span>
      )}
      <a href="#training-settings" className="train-bar-settings">
        Settings ↓
      </a>
    </div>
  );
}
