// Try it from the webcam: a live square preview, the model's answer for the current frame asked
// again and again (liveAnswers), until Stop, the page is left or the tab is hidden. Unmounting
// stops the camera's tracks (useWebcam), so the browser's camera light goes off.
import { useEffect, useRef, useState } from "react";
import type { PicturePrediction } from "../api/types";
import { useWebcam } from "../training/pictures/useWebcam";
import { answerLive } from "./liveAnswers";
import type { ModelSource } from "./modelSource";

interface Props {
  source: ModelSource;
  /** The side the frames are sent at: the model's input size, so the browser makes them small. */
  side: number;
  onAnswer: (answer: PicturePrediction, frame: Blob) => void;
  /** The server refused a frame for good, or the camera did not start: why. */
  onRefused: (message: string) => void;
  /** The webcam is to close: a note on why when it was not the Stop button. */
  onStop: (note: string | null) => void;
}

const HIDDEN_NOTE = "The webcam stopped while the tab was hidden: press Webcam to start it again.";

export function WebcamTry({ source, side, onAnswer, onRefused, onStop }: Props) {
  const webcam = useWebcam();
  const video = useRef<HTMLVideoElement>(null);
  const [ready, setReady] = useState(false);
  const [answered, setAnswered] = useState(0);
  const [busyMs, setBusyMs] = useState<number | null>(null);
  const handlers = useRef({ onAnswer, onRefused, onStop });
  handlers.current = { onAnswer, onRefused, onStop };

  // No camera, or one refused: said where a refused picture is, with the picture choices back.
  useEffect(() => {
    if (webcam.problem) handlers.current.onRefused(webcam.problem);
  }, [webcam.problem]);

  useEffect(() => {
    if (!video.current || !webcam.stream) return;
    video.current.srcObject = webcam.stream;
    // Played, not only autoplayed: Chromium pauses a muted autoplaying video while it is out of sight.
    void video.current.play().catch(() => undefined);
  }, [webcam.stream]);

  // The model's id or token: the source object itself may be a new one at each render.
  const model = "runId" in source ? source.runId : source.token;
  useEffect(() => {
    if (!ready || !video.current) return;
    return answerLive(video.current, side, source, {
      onAnswer: (answer, frame) => {
        setBusyMs(null);
        setAnswered((n) => n + 1);
        handlers.current.onAnswer(answer, frame);
      },
      onBusy: setBusyMs,
      onRefused: (message) => handlers.current.onRefused(message),
    });
  }, [ready, side, model]); // not `source`: a new object for the same model is the same model

  useEffect(() => {
    const hidden = () => document.hidden && handlers.current.onStop(HIDDEN_NOTE);
    const left = () => handlers.current.onStop(null);
    document.addEventListener("visibilitychange", hidden);
    window.addEventListener("pagehide", left);
    return () => {
      document.removeEventListener("visibilitychange", hidden);
      window.removeEventListener("pagehide", left);
    };
  }, []);

  return (
    <div className="webcam-try" data-testid="webcam-try" data-answered={answered}>
      <video ref={video} autoPlay muted playsInline onLoadedData={() => setReady(true)} aria-label="Webcam" data-testid="webcam-video" />
      <p className="muted webcam-status" data-testid="webcam-status" role={busyMs === null ? undefined : "status"}>
        {busyMs !== null
          ? `The server is busy: the next frame goes in ${busyMs / 1000} s.`
          : ready
            ? `Live: ${answered} ${answered === 1 ? "frame" : "frames"} answered`
            : "Starting the camera…"}
      </p>
      <button type="button" data-testid="webcam-stop" onClick={() => onStop(null)}>
        Stop webcam
      </button>
    </div>
  );
}
