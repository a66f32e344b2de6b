// The state of the weights slider: the epoch it shows (or following the newest look) and Play,
// which steps through the looks from there, as the boundary map's replay does (boundaryReplay.ts).
// An epoch, not an index: the history thins as a long run goes on, and the look shown stays put.
import { useEffect, useState } from "react";
import { PLAY_INTERVAL_MS, playFrames } from "../boundaryReplay";
import type { WeightsLook } from "./weightHistory";

export interface WeightsReplayState {
  /** The index of the look shown; the newest while it follows. */
  shown: number;
  /** It follows the newest look as they come. */
  following: boolean;
  playing: boolean;
  /** The person moved the slider: Play stops there; the newest look follows again. */
  move: (index: number) => void;
  follow: () => void;
  togglePlay: () => void;
}

/** The index of the look of `epoch`, or of the last before it (thinned away since), else the first. */
export function lookOf(looks: WeightsLook[], epoch: number): number {
  let at = 0;
  looks.forEach((look, i) => {
    if (look.epoch <= epoch) at = i;
  });
  return at;
}

export function useWeightsReplay(looks: WeightsLook[]): WeightsReplayState {
  const [pinned, setPinned] = useState<number | null>(null); // the epoch shown; null: the newest
  const [playback, setPlayback] = useState<{ epochs: number[]; at: number } | null>(null);
  useEffect(() => {
    if (!playback) return;
    const timer = window.setTimeout(() => {
      const at = playback.at + 1;
      // Done: it stops on the newest, and follows the looks still to come.
      if (at >= playback.epochs.length - 1) return (setPinned(null), setPlayback(null));
      setPinned(playback.epochs[at]!);
      setPlayback({ ...playback, at });
    }, PLAY_INTERVAL_MS);
    return () => window.clearTimeout(timer);
  }, [playback]);
  const last = looks.length - 1;
  const shown = pinned === null || last < 0 ? last : lookOf(looks, pinned);
  const play = () => {
    const frames = playFrames(shown >= last ? 0 : shown, looks.length);
    if (frames.length < 2) return;
    const epochs = frames.map((i) => looks[i]!.epoch);
    setPinned(epochs[0]!);
    setPlayback({ epochs, at: 0 });
  };
  return {
    shown,
    following: pinned === null,
    playing: playback !== null,
    move: (index) => (setPlayback(null), setPinned(index >= last ? null : (looks[index]?.epoch ?? null))),
    follow: () => (setPlayback(null), setPinned(null)),
    togglePlay: () => (playback ? setPlayback(null) : play()),
  };
}
