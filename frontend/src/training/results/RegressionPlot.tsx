// Predicted against true values as an SVG scatter, with the line where they would be equal.
import type { RunResults } from "../../api/types";

type Points = NonNullable<RunResults["regression"]>;
const SIZE = 260;
const PAD = 36;

export function RegressionPlot({ points }: { points: Points }) {
  const all = [...points.true, ...points.predicted];
  const low = Math.min(...all);
  const high = Math.max(...all);
  const span = high - low || 1;
  const at = (v: number) => PAD + ((v - low) / span) * (SIZE - 2 * PAD);
  const flip = (v: number) => SIZE - at(v);
  return (
    <svg className="regression-plot" width={SIZE} height={SIZE} data-testid="regression-plot" role="img" aria-label="Predicted against true values">
      <line x1={at(low)} y1={flip(low)} x2={at(high)} y2={flip(high)} stroke="#9ca3af" strokeDasharray="4 4" />
      {points.true.map((t, i) => (
        <circle key={i} cx={at(t)} cy={flip(points.predicted[i] ?? t)} r={2.5} fill="#2563eb" fillOpacity={0.6} />
      ))}
      <text x={SIZE / 2} y={SIZE - 6} textAnchor="middle" className="axis-label">true</text>
      <text x={12} y={SIZE / 2} textAnchor="middle" transform={`rotate(-90 12 ${SIZE / 2})`} className="axis-label">predicted</text>
      <text x={PAD} y={SIZE - PAD + 14} className="tick">{low.toFixed(2)}</text>
      <text x={SIZE - PAD} y={SIZE - PAD + 14} textAnchor="end" className="tick">{high.toFixed(2)}</text>
    </svg>
  );
}
