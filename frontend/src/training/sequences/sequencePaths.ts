// A sequence sample's lines for a small SVG plot: one path per channel, all on one vertical scale.

export interface SequencePaths {
  /** An SVG path ("M x y L x y …") for each channel, in the plot's own units. */
  paths: string[];
  /** Where the value 0 lies, when it is within the values' range; else null. */
  zeroY: number | null;
}

const round = (v: number) => Math.round(v * 10) / 10; // a tenth of a unit is finer than a pixel

/** `channels`: each channel's points, spread evenly across `width`; the lowest of all of them at
 * the bottom of `height` and the highest at the top, each inset by `pad`. A flat sequence is
 * drawn across the middle. */
export function sequencePaths(channels: number[][], width: number, height: number, pad = 4): SequencePaths {
  const values = channels.flat().filter(Number.isFinite);
  if (values.length === 0) return { paths: channels.map(() => ""), zeroY: null };
  const low = Math.min(...values);
  const high = Math.max(...values);
  const span = high - low;
  const y = (v: number) => (span === 0 ? height / 2 : pad + ((high - v) / span) * (height - 2 * pad));
  const paths = channels.map((points) => {
    const step = points.length > 1 ? (width - 2 * pad) / (points.length - 1) : 0;
    return points
      .map((v, i) => `${i === 0 ? "M" : "L"}${round(pad + i * step)} ${round(y(v))}`)
      .join(" ");
  });
  return { paths, zeroY: low < 0 && high > 0 ? round(y(0)) : null };
}
