// A 2-D set's points as the chosen options make them: training points filled, validation ones hollow.
// A test set is split off the training points by the server (held_out.py), which the preview does
// not say point by point: the caption counts them among the training points, as the line above
// the chart counts them apart ("432 train / 120 validation / 48 test").
import { CLASS_COLOURS } from "./results/boundaryDrawing";
import { ClassLegend } from "./results/ClassLegend";
import { heldOut } from "./testSet";

const SIDE = 200; // the drawing's units; CSS scales it
const PAD = 12; // room between the outermost points (radius 2.2) and the frame

/** points: [x1, x2, class, part] with part 0 for training and 1 for validation; `classes`: their
 * names by index, for the key (none for a set without them); `testFraction`: the run's test set's share. */
export function PlaneScatter({ points, classes, testFraction = 0 }: { points: number[][]; classes: string[]; testFraction?: number }) {
  const xs = points.map((p) => p[0]!);
  const ys = points.map((p) => p[1]!);
  const [xLow, xHigh, yLow, yHigh] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const scale = (SIDE - 2 * PAD) / Math.max(xHigh - xLow, yHigh - yLow, 1e-9);
  // One scale for both axes, the narrower one centred: a circle stays round and in the middle.
  const [xShift, yShift] = [(SIDE - (xHigh - xLow) * scale) / 2, (SIDE - (yHigh - yLow) * scale) / 2];
  const at = (x: number, y: number) => [xShift + (x - xLow) * scale, SIDE - yShift - (y - yLow) * scale] as const;
  const train = points.filter((p) => p[3] === 0).length;
  const test = heldOut(train, testFraction);
  const kept = test > 0 ? `, ${test.toLocaleString("en-US")} of them kept apart as the test set` : "";
  return (
    <figure className="plane-figure" data-testid="plane-scatter" data-points={points.length}>
      <svg className="plane-scatter" viewBox={`0 0 ${SIDE} ${SIDE}`} role="img" aria-label={`${points.length} points, ${train - test} to train on${test > 0 ? `, ${test} to test on` : ""}`}>
        {points.map(([x, y, c, part], i) => {
          const [cx, cy] = at(x!, y!);
          const colour = CLASS_COLOURS[c! % CLASS_COLOURS.length];
          return part === 0 ? <circle key={i} cx={cx} cy={cy} r={2.2} fill={colour} /> : <circle key={i} cx={cx} cy={cy} r={2.2} fill="none" stroke={colour} strokeWidth={0.9} />;
        })}
      </svg>
      {classes.length > 0 && <ClassLegend classes={classes} />}
      <figcaption className="hint">
        x₁ across, x₂ up: {train.toLocaleString("en-US")} training points (filled{kept}), {(points.length - train).toLocaleString("en-US")} validation (hollow)
      </figcaption>
    </figure>
  );
}
