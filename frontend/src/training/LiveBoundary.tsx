// The decision boundary as it forms while a 2-D run trains, from its latest boundary event.
import { useEffect, useRef } from "react";
import type { RunTally } from "./events";
import { drawBoundary } from "./results/boundaryDrawing";
import { ClassLegend } from "./results/ClassLegend";

const SIZE = 260;

/** Base64 -> its bytes. */
export function decodeBytes(text: string): Uint8Array {
  const binary = atob(text);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

export function LiveBoundary({ tally }: { tally: RunTally }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const { boundary, boundaryPoints, boundaryClasses } = tally;
  useEffect(() => {
    const context = ref.current?.getContext("2d");
    if (!context || !boundary) return;
    const map = { ...boundary, classes: decodeBytes(boundary.classes), confidence: decodeBytes(boundary.confidence) };
    drawBoundary(context, { ...map, points: boundaryPoints }, SIZE);
  }, [boundary, boundaryPoints]);
  if (!boundary) return null;
  return (
    <figure className="chart live-boundary" data-testid="live-boundary" data-epoch={boundary.epoch}>
      <figcaption>
        Decision boundary <span className="muted live-boundary-epoch">after epoch {boundary.epoch}</span>
      </figcaption>
      <canvas ref={ref} width={SIZE} height={SIZE} className="boundary" />
      {boundaryClasses.length > 0 && <ClassLegend classes={boundaryClasses} />}
      <p className="muted live-boundary-note">Fainter where the model is less sure; dots are validation points.</p>
    </figure>
  );
}
