// Choose a picture for the model (or drop one on the panel), or hold one up to the webcam, with
// what it should look like.
import { useEffect, useRef, type DragEvent } from "react";
import type { Pictures } from "../api/types";

interface Props {
  pictures: Pictures;
  shape: number[];
  onPicture: (file: File) => void;
  onWebcam: () => void;
  /** Why the webcam stopped, when it was not the Stop button. */
  webcamNote: string | null;
  /** How many times the webcam has stopped (Stop, refused, no camera, the tab hidden). */
  webcamStops: number;
}

export function PicturePicker({ pictures, shape, onPicture, onWebcam, webcamNote, webcamStops }: Props) {
  const [height, width] = shape.slice(-2);
  const colour = shape.length === 3 && shape[0] === 3;
  // The webcam stopped (Stop, no camera, refused, the tab hidden): its view went with the focus
  // in it, which fell to the page's top (an audit). Webcam takes it, to try again or go on.
  const webcamButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (webcamStops > 0 && lost) webcamButton.current?.focus();
  }, [webcamStops]);
  return (
    <div className="picture-picker">
      <div className="picture-choices">
        <label className="button file-button">
          Choose a picture
          <input
            type="file"
            accept="image/png,image/jpeg,image/webp,image/gif,image/bmp,image/tiff,.tif,.tiff"
            data-testid="picture-file"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = ""; // the same file again is a new choice
              if (file) onPicture(file);
            }}
          />
        </label>
        <button type="button" ref={webcamButton} onClick={onWebcam} data-testid="webcam-start" title="Hold something up to the camera and watch the answer change live">
          Webcam
        </button>
      </div>
      <p className="muted picture-hint" data-testid="picture-hint">
        {pictures.looks ?? "A picture like the ones it trained on."} It is made {colour ? "colour" : "grey"} and{" "}
        {width}×{height} pixels, as they were. Or drop one here.
      </p>
      {webcamNote && (
        <p className="muted picture-hint" role="status" data-testid="webcam-note">
          {webcamNote}
        </p>
      )}
    </div>
  );
}

/** Handlers that make an element take a dropped picture file. */
export function pictureDrop(onPicture: (file: File) => void) {
  return {
    onDragOver: (e: DragEvent) => {
      if (!e.dataTransfer.types.includes("Files")) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = "copy";
    },
    onDrop: (e: DragEvent) => {
      const file = e.dataTransfer.files[0];
      if (!file) return;
      e.preventDefault();
      onPicture(file);
    },
  };
}
