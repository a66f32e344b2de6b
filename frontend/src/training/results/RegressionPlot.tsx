// Predicted against true values as an SVG scatter, with the line where they would be equal, and
// the same round-numbered ticks on both axes (it had the x axis's two ends only, and no y scale).
import type { RunResults } from "../../api/types";
import { formatTick } from "../formatTick";
import { roundTicks } from "./roundTicks";

type Points = NonNullable<RunResults["regression"]>;
const SIZE = 260;
const [LEFT, BOTTOM, PAD] = [52, 40, 12]; // room for the y labels, the x labels, and the rest

export function RegressionPlot({ points }: { points: Points }) {
  const all = [...points.true, ...points.predicted];
  const low = Math.min(...all);
  const high = Math.max(...all);
  const span = high - low || 1;
  const inner = SIZE - LEFT - PAD;
  const x = (v: number) => LEFT + ((v - low) / span) * inner;
  const y = (v: number) => PAD + inner - ((v - low) / span) * inner;
  const ticks = roundTicks(low, high, 4);
  return (
    <svg className="regression-plot" width={SIZE} height={PAD + inner + BOTTOM} data-testid="regression-plot" role="img" aria-label="Predicted against true values">
      {ticks.map((t) => (
        <g key={t} className="tick" data-testid="regression-tick">
          <line className="grid" x1={LEFT} x2={LEFT + inner} y1={y(t)} y2={y(t)} />
          <line className="grid" x1={x(t)} x2={x(t)} y1={PAD} y2={PAD + inner} />
          <text x={LEFT - 6} y={y(t) + 4} textAnchor="end">
            {formatTick(t)}
          </text>
          <text x={x(t)} y={PAD + inner + 16} textAnchor="middle">
            {formatTick(t)}
          </text>
        </g>
      ))}
      <line x1={x(low)} y1={y(low)} x2={x(high)} y2={y(high)} stroke="#9ca3af" strokeDasharray="4 4" />
      {points.true.map((t, i) => (
        <circle key={i} cx={x(t)} cy={y(points.predicted[i] ?? t)} r={2.5} fill="#2563eb" fillOpacity={0.6} />
      ))}
      <text x={LEFT + inner / 2} y={PAD + inner + 34} textAnchor="middle" className="axis-label">
        true
      </text>
      <text x={12} y={PAD + inner / 2} textAnchor="middle" transform={`rotate(-90 12 ${PAD + inner / 2})`} className="axis-label">
        predicted
      </text>
    </svg>
  );
}
