// A 2-D set's points as the chosen options make them: training points filled, validation ones
// hollow, and the test rows a run keeps apart of the training points (the server's, held_out.py:
// the preview marks them for the share asked for) drawn as crosses, on top.

import { CLASS_COLOURS } from "./results/boundaryDrawing";
import { ClassLegend } from "./results/ClassLegend";

const SIDE = 200; // the drawing's units; CSS scales it
const PAD = 12; // room between the outermost points (radius 2.2) and the frame
const R = 2.2; // a point's radius
const X = 2.8; // a cross's half-width: a little larger, to read apart from the dots around it

const count = (n: number) => n.toLocaleString("en-US");

/** One point: filled (part 0, training), hollow (1, validation) or a cross (2, test). */
function Point({ cx, cy, colour, part }: { cx: number; cy: number; colour: string; part: number }) {
  if (part === 0) return <circle cx={cx} cy={cy} r={R} fill={colour} />;
  if (part === 1) return <circle cx={cx} cy={cy} r={R} fill="none" stroke={colour} strokeWidth={0.9} />;
  return <path className="test-point" d={`M${cx - X} ${cy - X}L${cx + X} ${cy + X}M${cx - X} ${cy + X}L${cx + X} ${cy - X}`} stroke={colour} strokeWidth={1.5} strokeLinecap="round" />;
}

/** points: [x1, x2, class, part] with part 0 for training, 1 for validation and 2 for the test
 * rows held out of the training part; `classes`: their names by index, for the key (none for a
 * set without them). */
export function PlaneScatter({ points, classes }: { points: number[][]; classes: string[] }) {
  const xs = points.map((p) => p[0]!);
  const ys = points.map((p) => p[1]!);
  const [xLow, xHigh, yLow, yHigh] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const scale = (SIDE - 2 * PAD) / Math.max(xHigh - xLow, yHigh - yLow, 1e-9);
  // One scale for both axes, the narrower one centred: a circle stays round and in the middle.
  const [xShift, yShift] = [(SIDE - (xHigh - xLow) * scale) / 2, (SIDE - (yHigh - yLow) * scale) / 2];
  const at = (x: number, y: number) => [xShift + (x - xLow) * scale, SIDE - yShift - (y - yLow) * scale] as const;
  const [train, val, test] = [0, 1, 2].map((part) => points.filter((p) => p[3] === part).length) as [number, number, number];
  const label = `${count(points.length)} points: ${count(train)} to train on, ${count(val)} to validate on${test > 0 ? `, ${count(test)} to test on` : ""}`;
  return (
    <figure className="plane-figure" data-testid="plane-scatter" data-points={points.length}>
      <svg className="plane-scatter" viewBox={`0 0 ${SIDE} ${SIDE}`} role="img" aria-label={label}>
        {points.map(([x, y, c, part], i) => {
          const [cx, cy] = at(x!, y!);
          return <Point key={i} cx={cx} cy={cy} colour={CLASS_COLOURS[c! % CLASS_COLOURS.length]!} part={part!} />;
        })}
      </svg>
      {classes.length > 0 && <ClassLegend classes={classes} />}
      <figcaption className="hint">
        x₁ across, x₂ up: {count(train)} training points (filled), {count(val)} validation (hollow)
        {test > 0 ? `, ${count(test)} test (crosses), kept apart from the training points` : ""}
      </figcaption>
    </figure>
  );
}
