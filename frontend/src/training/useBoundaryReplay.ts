// The state of the boundary replay: the slider's position (or following the newest map) and Play.
import { useEffect, useState } from "react";
import { PLAY_INTERVAL_MS, playFrames, playStart, positionAt } from "./boundaryReplay";

export interface BoundaryReplay {
  /** The slider's position among the maps; null while it follows the newest. */
  position: number | null;
  playing: boolean;
  /** The person moved the slider: Play stops there. */
  move: (value: number) => void;
  /** Back to the newest map, following the ones still to come. */
  follow: () => void;
  togglePlay: () => void;
}

interface Playback {
  frames: number[];
  at: number;
}

export function useBoundaryReplay(count: number): BoundaryReplay {
  const [position, setPosition] = useState<number | null>(null);
  const [playback, setPlayback] = useState<Playback | null>(null);

  useEffect(() => {
    if (!playback) return;
    const timer = window.setTimeout(() => {
      const at = playback.at + 1;
      // Done: it stops on the last map, and follows the newest from there.
      if (at >= playback.frames.length - 1) return (setPosition(null), setPlayback(null));
      setPosition(playback.frames[at]!);
      setPlayback({ ...playback, at });
    }, PLAY_INTERVAL_MS);
    return () => window.clearTimeout(timer);
  }, [playback]);

  const play = () => {
    const frames = playFrames(playStart(count, position), count);
    if (frames.length < 2) return;
    setPosition(frames[0]!);
    setPlayback({ frames, at: 0 });
  };
  return {
    position,
    playing: playback !== null,
    move: (value) => (setPlayback(null), setPosition(positionAt(value, count))),
    follow: () => (setPlayback(null), setPosition(null)),
    togglePlay: () => (playback ? setPlayback(null) : play()),
  };
}
