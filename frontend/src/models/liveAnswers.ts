// The webcam's answers, live: one frame in flight at a time, at most a few a second, and a busy
// server (429 or 503) waited for, longer each time in a row, rather than asked again at once.
import { isBusy } from "../api/busy";
import type { PicturePrediction } from "../api/types";
import { pictureFromVideo } from "../training/pictures/pictures";
import { predictPicture, type ModelSource } from "./modelSource";

/** The least time from one frame to the next: at most four a second, however fast the answers. */
export const FRAME_GAP_MS = 250;

/** Frames in a row the browser may fail to make (a camera that has just started may have none
 * ready) before the webcam is given up with the browser's reason. */
export const FRAME_TRIES = 20;

/** How long to wait after the `times`-th busy answer in a row: 1 s, then 2, 4, and 8 at most. */
export function busyWaitMs(times: number): number {
  return 1000 * 2 ** Math.min(3, Math.max(0, times - 1));
}

export interface LiveHandlers {
  onAnswer: (answer: PicturePrediction, frame: Blob) => void;
  /** The server is busy: the next frame goes in `waitMs`. */
  onBusy: (waitMs: number) => void;
  /** The server refused a frame for good (or could not be reached): the loop has ended. */
  onRefused: (message: string) => void;
}

/** Sends the video's frames, `side` pixels square, until the returned function is called. */
export function answerLive(video: HTMLVideoElement, side: number, source: ModelSource, handlers: LiveHandlers): () => void {
  let live = true;
  let timer = 0;
  const pause = (ms: number) => new Promise<void>((resolve) => (timer = window.setTimeout(resolve, ms)));
  const loop = async () => {
    let busyTimes = 0;
    let failedFrames = 0;
    while (live) {
      const started = performance.now();
      const frame = video.videoWidth > 0 ? await pictureFromVideo(video, side).catch((error: unknown) => error) : null;
      if (!live) return; // stopped while the frame was made: it is not sent
      if (!(frame instanceof Blob)) {
        // No frame yet, or none the browser could read: the next one may be. A muted video that
        // autoplayed is paused by Chromium while it is out of sight, and a paused one gives none.
        if (video.paused) void video.play().catch(() => undefined);
        if (frame !== null && ++failedFrames >= FRAME_TRIES) throw frame;
        await pause(FRAME_GAP_MS);
        continue;
      }
      failedFrames = 0;
      try {
        const answer = await predictPicture(source, frame);
        if (!live) return; // stopped while it was answered: the answer is not shown
        busyTimes = 0;
        handlers.onAnswer(answer, frame);
      } catch (error: unknown) {
        if (!live) return;
        if (!isBusy(error)) return handlers.onRefused(error instanceof Error ? error.message : String(error));
        const wait = busyWaitMs(++busyTimes);
        handlers.onBusy(wait);
        await pause(wait);
        continue;
      }
      await pause(Math.max(0, FRAME_GAP_MS - (performance.now() - started)));
    }
  };
  void loop().catch((error: unknown) => live && handlers.onRefused(error instanceof Error ? error.message : String(error)));
  return () => {
    live = false;
    window.clearTimeout(timer);
  };
}
