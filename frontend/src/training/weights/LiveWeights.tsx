// A small MLP's weights as it trains, as TensorFlow Playground draws them: the newest, from the
// latest look inside (about once a second, at each Step of a paused run and at the run's last step)
// or epoch's end, with a legend, the chosen edge's value and a table of every weight; a slider goes
// back through them, one an epoch (weightHistory.ts); for a network too big or not an MLP, why it is
// not drawn.
import { useMemo, useState } from "react";
import { CodeText } from "../../editor/CodeText";
import type { RunTally } from "../events";
import { formatScale, formatWeight, networkDrawing, WIDTH_QUANTILE, type Drawing } from "./networkDrawing";
import { WeightsSvg } from "./WeightsSvg";
import { WeightsTable } from "./WeightsTable";
import { WeightsReplay } from "./WeightsReplay";
import { useWeightsReplay } from "./useWeightsReplay";
import "./liveWeights.css";

const count = (n: number) => n.toLocaleString("en-US");

/** `inputNames`, `outputNames`: the dataset's features (a CSV's columns) and classes, where known,
 * which name the drawing's input and output units. */
export function LiveWeights({ tally, inputNames = null, outputNames = null }: { tally: RunTally; inputNames?: string[] | null; outputNames?: string[] | null }) {
  const { insight, paused, weightLooks } = tally;
  const { looks } = weightLooks;
  const ended = tally.end !== null;
  const latest = tally.progress?.step ?? null;
  const replay = useWeightsReplay(looks);
  const look = replay.following ? null : (looks[replay.shown] ?? null);
  // Following: the newest weights, an epoch's end's where it came after the latest look.
  const newest = looks.at(-1);
  const ahead = replay.following && newest && insight && newest.step > insight.step ? newest : null;
  const network = look?.network ?? ahead?.network ?? insight?.network ?? null;
  // One width scale over the run, the largest of its looks' scales so far: an earlier look draws
  // thinner where its weights were smaller (weightHistory.ts).
  const seen = weightLooks.scale;
  const drawing = useMemo(() => (network ? networkDrawing(network, { inputs: inputNames, outputs: outputNames }, seen) : null), [network, inputNames, outputNames, seen]);
  const [chosen, setChosen] = useState<number | null>(null);
  if (!insight || !network) return null; // a log from before looks carried weights
  const title = ended ? "Network weights, trained" : "Network weights as they train";
  const slider = looks.length >= 2 && <WeightsReplay looks={looks} replay={replay} thinned={weightLooks.stride > 1} />;
  const at = look ?? ahead ?? insight;
  if (!drawing) {
    return (
      <figure className="chart live-weights" data-testid="live-weights" data-drawn="false">
        <figcaption>{title}</figcaption>
        <p className="muted live-weights-note" data-testid="weights-not-drawn">
          Not drawn: <CodeText text={network.not_drawn ?? "no Linear layer to draw."} />
        </p>
        {slider}
      </figure>
    );
  }
  const edge = chosen !== null ? drawing.edges[chosen] : undefined;
  return (
    <figure className="chart live-weights" data-testid="live-weights" data-drawn="true" data-step={at.step}>
      <figcaption>{title}</figcaption>
      <p className="muted live-weights-note">
        Step {count(at.step)}, epoch {count(at.epoch)}: each edge is one weight.
        {look && " An earlier look: Latest shows the newest."}
        {!look && paused && latest !== null && latest > at.step && ` Paused at step ${count(latest)}, after this look: a Step shows the weights it moves.`}
      </p>
      <Legend drawing={drawing} />
      <WeightsSvg drawing={drawing} chosen={chosen} onChoose={setChosen} />
      {slider}
      <p className="live-weights-readout" data-testid="weight-readout" aria-live="polite">
        {edge ? (
          <>
            {edge.label.split(", weight ")[0]}: <strong>w = {formatWeight(edge.weight)}</strong>
          </>
        ) : (
          <span className="muted">Hover, tap or focus an edge (Tab, then the arrow keys) to read its weight.</span>
        )}
      </p>
      <WeightsTable network={network} drawing={drawing} />
    </figure>
  );
}

function Legend({ drawing }: { drawing: Drawing }) {
  const sample = (sign: "positive" | "negative", width: number) => (
    <svg width="34" height="12" aria-hidden="true">
      <line x1="2" y1="6" x2="32" y2="6" className={`weights-legend-${sign}`} strokeWidth={width} strokeLinecap="round" />
    </svg>
  );
  return (
    <p className="live-weights-legend" data-testid="weights-legend">
      <span>{sample("positive", 3)} blue: positive</span>
      <span>{sample("negative", 3)} orange: negative</span>
      <span data-testid="weights-scale">
        {sample("positive", 1)}
        {sample("positive", 7)} widths: |w|, widest at {formatScale(drawing.scale)} or more: one scale for every epoch
        {drawing.scaled && ` (${Math.round(WIDTH_QUANTILE * 10)} in 10 weights under it where they were largest)`}
      </span>
    </p>
  );
}
