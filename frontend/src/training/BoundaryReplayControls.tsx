// Under the boundary map: Play, a slider over the run's maps, "Epoch N of M", and Latest.
import { useId } from "react";
import type { BoundaryReplay } from "./useBoundaryReplay";

interface Props {
  replay: BoundaryReplay;
  /** How many maps the run has, and the index and epoch of the one shown. */
  count: number;
  shown: number;
  epoch: number;
  /** The epochs the run trains, for "of M". */
  epochs: number;
}

export function BoundaryReplayControls({ replay, count, shown, epoch, epochs }: Props) {
  const id = useId();
  const text = `Epoch ${epoch} of ${epochs}`;
  const following = replay.position === null && !replay.playing;
  return (
    <div className="boundary-replay" data-testid="boundary-replay" data-following={following}>
      <div className="boundary-replay-row">
        <button type="button" className="icon boundary-play" onClick={replay.togglePlay} disabled={count < 2} data-testid="boundary-play">
          {replay.playing ? "Pause" : "Play"}
        </button>
        <input
          id={id}
          type="range"
          min={0}
          max={Math.max(0, count - 1)}
          step={1}
          value={shown}
          disabled={count < 2}
          aria-label="Epoch of the map shown"
          aria-valuetext={text}
          onChange={(e) => replay.move(e.currentTarget.valueAsNumber)}
          data-testid="boundary-slider"
        />
        <button
          type="button"
          className="icon"
          onClick={replay.follow}
          disabled={following}
          title="Show the newest map, and each new one as it comes"
          data-testid="boundary-latest"
        >
          Latest
        </button>
      </div>
      <output htmlFor={id} className="boundary-replay-epoch" data-testid="boundary-epoch">
        {text}
      </output>
    </div>
  );
}
