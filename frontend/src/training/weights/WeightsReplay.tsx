// Under the weights drawing: a slider over the run's weights, one an epoch (at its end), to scrub back through how
// its weights changed (as a replay of TensorFlow Playground's), Play through them, "Epoch N, step S",
// and Latest, which follows the newest look again. The arrow keys, Home and End move it.
import { useId } from "react";
import type { WeightsReplayState } from "./useWeightsReplay";
import { MAX_WEIGHT_LOOKS, type WeightsLook } from "./weightHistory";

interface Props {
  looks: WeightsLook[];
  replay: WeightsReplayState;
  /** The run's epochs were more than the looks kept: some epochs are not in the slider. */
  thinned: boolean;
}

const count = (n: number) => n.toLocaleString("en-US");

export function WeightsReplay({ looks, replay, thinned }: Props) {
  const id = useId();
  const { shown, following } = replay;
  const look = looks[shown];
  const text = look ? `Epoch ${count(look.epoch)}, step ${count(look.step)}` : "";
  return (
    <div className="weights-replay" data-testid="weights-replay" data-following={following}>
      <button type="button" onClick={replay.togglePlay} data-testid="weights-play">
        {replay.playing ? "Pause" : "Play"}
      </button>
      <label htmlFor={id} className="weights-replay-label">
        Weights at
      </label>
      <input
        id={id}
        type="range"
        min={0}
        max={Math.max(0, looks.length - 1)}
        step={1}
        value={shown}
        aria-label="Epoch of the weights shown"
        aria-valuetext={text}
        onChange={(e) => replay.move(e.currentTarget.valueAsNumber)}
        data-testid="weights-slider"
      />
      <output htmlFor={id} className="weights-replay-epoch" data-testid="weights-epoch">
        {text}
      </output>
      <button type="button" onClick={replay.follow} disabled={following && !replay.playing} title="Show the newest weights, and each new look as it comes" data-testid="weights-latest">
        Latest
      </button>
      <small className="muted weights-replay-note" data-testid="weights-replay-note">
        {thinned
          ? `The weights at the end of each epoch, at most ${MAX_WEIGHT_LOOKS} spread evenly over the run (and the newest): some epochs are left out.`
          : `The weights at the end of each epoch (while one trains, its newest look); at most ${MAX_WEIGHT_LOOKS} are kept, spread evenly over a longer run.`}
      </small>
    </div>
  );
}
