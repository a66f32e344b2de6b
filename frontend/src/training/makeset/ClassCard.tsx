// One class of the dataset being made: its name, its pictures as thumbnails, and three ways to
// add more: choose files, drop them on the card, or record them from the webcam.
import { useState, type DragEvent } from "react";
import { CodeText } from "../../editor/CodeText";
import { skippedNote } from "./skippedFiles";
import type { ClassDraft } from "./useImageSet";
import { WebcamCapture } from "./WebcamCapture";

interface Props {
  draft: ClassDraft;
  /** 1-based, for the labels of its controls. */
  position: number;
  /** Grey thumbnails when the dataset is made grey. */
  grey: boolean;
  webcamOpen: boolean;
  /** The side pictures are kept at. */
  side: number;
  canRemove: boolean;
  /** The files chosen for it that were no picture this browser can read. */
  skipped: readonly string[];
  onDismissSkipped: () => void;
  onRename: (name: string) => void;
  onRemove: () => void;
  onFiles: (files: File[]) => void;
  onFrames: (frames: Blob[]) => void;
  onRemovePicture: (pictureId: number) => void;
  onWebcam: (open: boolean) => void;
}

export function ClassCard({ draft, position, grey, webcamOpen, side, canRemove, skipped, ...on }: Props) {
  const [dropping, setDropping] = useState(false);
  const label = draft.name.trim() || `Class ${position}`;
  const count = draft.pictures.length;
  const drop = {
    onDragOver: (e: DragEvent) => {
      if (!e.dataTransfer.types.includes("Files")) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = "copy";
      setDropping(true);
    },
    onDragLeave: () => setDropping(false),
    onDrop: (e: DragEvent) => {
      e.preventDefault();
      setDropping(false);
      on.onFiles(Array.from(e.dataTransfer.files));
    },
  };
  return (
    <section className={`class-card${dropping ? " is-dropping" : ""}`} aria-label={`Class ${position}: ${label}`} data-testid={`class-${position}`} {...drop}>
      <div className="class-head">
        <input aria-label={`Name of class ${position}`} value={draft.name} onChange={(e) => on.onRename(e.target.value)} data-testid={`class-name-${position}`} />
        <button type="button" className="icon danger" disabled={!canRemove} onClick={on.onRemove} aria-label={`Remove class ${label}`} data-testid={`class-remove-${position}`}>
          Remove
        </button>
      </div>
      <div className="class-add">
        <label className="button file-button">
          Choose pictures
          <input
            type="file"
            multiple
            accept="image/*"
            data-testid={`class-files-${position}`}
            onChange={(e) => {
              on.onFiles(Array.from(e.target.files ?? []));
              e.target.value = ""; // the same files again are a new choice
            }}
          />
        </label>
        <button type="button" aria-pressed={webcamOpen} onClick={() => on.onWebcam(!webcamOpen)} data-testid={`class-webcam-${position}`}>
          Webcam
        </button>
        <span className={count === 0 ? "class-count is-empty" : "class-count"} data-testid={`class-count-${position}`}>
          {count.toLocaleString("en-US")} {count === 1 ? "picture" : "pictures"}
        </span>
      </div>
      {skipped.length > 0 && (
        <p className="hint class-skipped" role="status" data-testid={`class-skipped-${position}`}>
          <CodeText text={skippedNote(skipped)} />{" "}
          <button type="button" className="link" onClick={on.onDismissSkipped} aria-label={`Dismiss the skipped files of ${label}`}>
            Dismiss
          </button>
        </p>
      )}
      {webcamOpen && <WebcamCapture className={label} side={side} onFrames={on.onFrames} onClose={() => on.onWebcam(false)} />}
      {count === 0 ? (
        <p className="hint class-drop-hint">Or drop pictures here.</p>
      ) : (
        <ul className={grey ? "class-pictures is-grey" : "class-pictures"} data-testid={`class-pictures-${position}`}>
          {draft.pictures.map((picture, i) => (
            <li key={picture.id}>
              <img src={picture.url} alt={`${label}, picture ${i + 1}`} />
              <button type="button" className="picture-remove" aria-label={`Remove ${label} picture ${i + 1}`} onClick={() => on.onRemovePicture(picture.id)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
