// The camera, live while a webcam panel is open (a class's in Make a dataset, or a model's Try it):
// its stream, or why there is none.
import { useEffect, useState } from "react";
import { cameraProblem, NO_CAMERA_API } from "./cameraProblem";

export type Webcam = { stream: MediaStream; problem: null } | { stream: null; problem: string | null };

/** Starts the camera on mount and stops every track on unmount; problem says why it did not start. */
export function useWebcam(): Webcam {
  const [webcam, setWebcam] = useState<Webcam>({ stream: null, problem: null });
  useEffect(() => {
    if (!navigator.mediaDevices?.getUserMedia) {
      setWebcam({ stream: null, problem: NO_CAMERA_API });
      return;
    }
    let live = true;
    let started: MediaStream | null = null;
    navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 480 } }, audio: false }).then(
      (stream) => {
        started = stream;
        if (live) setWebcam({ stream, problem: null });
        else stream.getTracks().forEach((track) => track.stop());
      },
      (error: unknown) => live && setWebcam({ stream: null, problem: cameraProblem(error) }),
    );
    return () => {
      live = false;
      started?.getTracks().forEach((track) => track.stop());
    };
  }, []);
  return webcam;
}
