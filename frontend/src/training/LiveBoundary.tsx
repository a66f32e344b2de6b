// The decision boundary as it forms while a 2-D run trains, and afterwards: every map of its log,
// the newest shown while it trains, any other by the slider or Play; beside it, the neurons the
// same map carries, so the slider shows both at one epoch.
import { useEffect, useMemo, useRef } from "react";
import { BoundaryReplayControls } from "./BoundaryReplayControls";
import { shownIndex } from "./boundaryReplay";
import type { RunTally } from "./events";
import { LiveNeurons } from "./neurons/LiveNeurons";
import { drawBoundary } from "./results/boundaryDrawing";
import { ClassLegend } from "./results/ClassLegend";
import { useBoundaryReplay } from "./useBoundaryReplay";

const SIZE = 260;

/** Base64 -> its bytes. */
export function decodeBytes(text: string): Uint8Array {
  const binary = atob(text);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

export function LiveBoundary({ tally }: { tally: RunTally }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const { boundaries, boundaryPoints, boundaryClasses } = tally;
  const replay = useBoundaryReplay(boundaries.length);
  const shown = shownIndex(boundaries.length, replay.position);
  const boundary = boundaries[shown];
  // The plane the neurons' grid covers, with the points drawn over a unit shown large.
  const plane = useMemo(
    () => boundary && { x_min: boundary.x_min, x_max: boundary.x_max, y_min: boundary.y_min, y_max: boundary.y_max, points: boundaryPoints },
    [boundary, boundaryPoints],
  );
  useEffect(() => {
    const context = ref.current?.getContext("2d");
    if (!context || !boundary) return;
    // Only the map shown is decoded: a run keeps up to a few hundred.
    const map = { ...boundary, classes: decodeBytes(boundary.classes), confidence: decodeBytes(boundary.confidence) };
    drawBoundary(context, { ...map, points: boundaryPoints }, SIZE);
  }, [boundary, boundaryPoints]);
  if (!boundary || !plane) return null;
  const newest = boundaries.at(-1)!.epoch;
  // A log written before maps carried neurons has none to show.
  const withNeurons = boundaries.some((map) => map.neurons);
  return (
    <>
      <figure className="chart live-boundary" data-testid="live-boundary" data-epoch={boundary.epoch} data-maps={boundaries.length} data-newest={newest}>
        <figcaption>{tally.end ? "How the decision boundary formed" : "Decision boundary as it forms"}</figcaption>
        <canvas ref={ref} width={SIZE} height={SIZE} className="boundary" />
        <BoundaryReplayControls
          replay={replay}
          count={boundaries.length}
          shown={shown}
          epoch={boundary.epoch}
          epochs={Math.max(tally.started?.epochs ?? 0, newest)}
        />
        {boundaryClasses.length > 0 && <ClassLegend classes={boundaryClasses} />}
        <p className="muted live-boundary-note">Fainter where the model is less sure; dots are validation points.</p>
      </figure>
      {withNeurons && <LiveNeurons neurons={boundary.neurons ?? null} epoch={boundary.epoch} ended={tally.end !== null} plane={plane} />}
    </>
  );
}
