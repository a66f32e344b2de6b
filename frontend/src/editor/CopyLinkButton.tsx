// "Copy link": the whole design and its training settings in the URL fragment, copied to the
// clipboard and shown to select.
import { useState } from "react";
import type { Design } from "../api/types";
import { designLink, type LinkedSettings } from "./designLink";

interface Props {
  design: Design;
  dataset: string;
  training: LinkedSettings;
}

export function CopyLinkButton({ design, dataset, training }: Props) {
  const [link, setLink] = useState<string | null>(null);
  const [note, setNote] = useState("");

  const copy = async () => {
    setNote(""); // a second copy says it again
    const url = await designLink(design, dataset, null, training);
    window.history.replaceState(null, "", url);
    setLink(url);
    try {
      await navigator.clipboard.writeText(url);
      setNote("Copied: this link opens the editor with this design and these settings.");
    } catch {
      setNote("Select the link and copy it: the browser did not allow copying.");
    }
  };

  return (
    <span className="copy-link">
      <button data-testid="copy-link" title="Put the whole design in a link" onClick={() => void copy()}>
        Copy link
      </button>
      {link && (
        <span className="link-box">
          <input readOnly value={link} data-testid="design-link" aria-label="Link to this design" onFocus={(e) => e.target.select()} />
          {/* Said as it comes (a live region), not only shown: after Copy link the focus stays on it. */}
          <small className="muted" role="status" aria-live="polite" data-testid="copy-link-note">
            {note}
          </small>
          <button className="icon" aria-label="Close the link" onClick={() => setLink(null)}>
            ✕
          </button>
        </span>
      )}
    </span>
  );
}
