// A class's webcam: a live square preview, and a button that takes a frame on a click and keeps
// taking them (about ten a second) while it is held, by mouse, touch or the keyboard.
import { useEffect, useRef, useState } from "react";
import { pictureFromVideo } from "../pictures/pictures";
import { useWebcam } from "../pictures/useWebcam";

interface Props {
  className: string;
  /** The side the frames are kept at. */
  side: number;
  onFrames: (frames: Blob[]) => void;
  onClose: () => void;
}

const FRAME_MS = 100;
// A click is one frame: repeats start only once the button is held this long, as a key's do. A
// repeat 100 ms after the first frame gave a click two frames where the page was slow to see it end.
const HOLD_MS = 400;

export function WebcamCapture({ className, side, onFrames, onClose }: Props) {
  const webcam = useWebcam();
  const video = useRef<HTMLVideoElement>(null);
  const timer = useRef<number | null>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    if (video.current && webcam.stream) video.current.srcObject = webcam.stream;
  }, [webcam.stream]);
  const open = useRef(true); // a frame still being made when the webcam closes is dropped
  useEffect(() => {
    open.current = true;
    return () => {
      open.current = false;
      stop();
    };
  }, []);

  const take = () => {
    const v = video.current;
    if (v && v.videoWidth > 0) void pictureFromVideo(v, side).then((frame) => open.current && onFrames([frame]));
  };
  const start = () => {
    if (timer.current !== null) return;
    take();
    timer.current = window.setTimeout(() => {
      take();
      timer.current = window.setInterval(take, FRAME_MS);
    }, HOLD_MS);
  };
  function stop() {
    if (timer.current !== null) window.clearTimeout(timer.current); // clears an interval too: one list of timers
    timer.current = null;
  }
  const holding = (key: string) => key === " " || key === "Enter";

  return (
    <div className="webcam" data-testid="webcam">
      {webcam.problem ? (
        <p className="upload-error" role="alert" data-testid="webcam-problem">
          {webcam.problem}
        </p>
      ) : (
        <>
          <video ref={video} autoPlay muted playsInline onLoadedData={() => setReady(true)} aria-label={`Webcam for ${className}`} data-testid="webcam-video" />
          <button
            type="button"
            className="primary"
            disabled={!ready}
            data-testid="webcam-record"
            onPointerDown={(e) => {
              e.currentTarget.setPointerCapture(e.pointerId); // held, however the page moves under the pointer
              start();
            }}
            onPointerUp={stop}
            onLostPointerCapture={stop}
            onPointerCancel={stop}
            onKeyDown={(e) => holding(e.key) && !e.repeat && (e.preventDefault(), start())}
            onKeyUp={(e) => holding(e.key) && stop()}
            onBlur={stop}
          >
            {ready ? "Hold to record" : "Starting the camera…"}
          </button>
        </>
      )}
      <button type="button" data-testid="webcam-close" onClick={onClose}>
        Close webcam
      </button>
    </div>
  );
}
