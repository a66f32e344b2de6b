// One sequence sample (C, L) as a small line plot: a line per channel, on one vertical scale.
import type { SequencePlot as SequencePlotData } from "../../api/types";
import { sequencePaths } from "./sequencePaths";
import "./sequences.css";

const WIDTH = 100; // the plot's own units; it stretches to its box, its lines staying thin
const HEIGHT = 50;

const colour = (channel: number) => `var(--chart-series-${channel + 1})`;

/** "square sample: 32 steps", and its channels when it has more than one. */
export function sequenceName(label: string, plot: SequencePlotData, channels: number): string {
  return `${label} sample: ${plot.steps} steps${channels > 1 ? `, ${channels} channels` : ""}`;
}

interface Props {
  plot: SequencePlotData;
  /** What the sample is, for its accessible name: its class. */
  label: string;
  /** How many channels the samples have (C); the plot may hold only the first few. */
  channels: number;
}

export function SequencePlot({ plot, label, channels }: Props) {
  const { paths, zeroY } = sequencePaths(plot.channels, WIDTH, HEIGHT);
  const name = sequenceName(label, plot, channels);
  return (
    <svg className="sequence-plot" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" role="img" aria-label={name}>
      <title>{name}</title>
      {zeroY !== null && <line className="sequence-zero" x1={0} x2={WIDTH} y1={zeroY} y2={zeroY} />}
      {paths.map((d, c) => (
        <path key={c} d={d} stroke={colour(c)} />
      ))}
    </svg>
  );
}

/** Which colour is which channel, when the samples have more than one. */
export function ChannelLegend({ channels, shown }: { channels: number; shown: number }) {
  if (channels < 2) return null;
  return (
    <p className="channel-legend" data-testid="channel-legend">
      {Array.from({ length: shown }, (_, c) => (
        <span key={c}>
          <i style={{ background: colour(c) }} aria-hidden="true" />
          channel {c + 1}
        </span>
      ))}
      {shown < channels && <span className="muted">(the first {shown} of {channels})</span>}
    </p>
  );
}
