// A dataset's sequence samples as a grid of line plots, each with its class, and their values
// behind a toggle.
import type { SampleSequence } from "../../api/types";
import { ChannelLegend, SequencePlot } from "./SequencePlot";

interface Props {
  sequences: SampleSequence[];
  /** How many channels the samples have (C of (C, L)). */
  channels: number;
}

/** How many samples each class has in a row, when every class has as many (2 to 6): a row per
 * class then lines them up; else 0. */
function perClass(sequences: SampleSequence[]): number {
  const counts = new Map<string, number>();
  for (const s of sequences) counts.set(s.label, (counts.get(s.label) ?? 0) + 1);
  const sizes = new Set(counts.values());
  const [size = 0] = sizes;
  return sizes.size === 1 && size >= 2 && size <= 6 ? size : 0;
}

export function SequenceSamples({ sequences, channels }: Props) {
  const shown = sequences[0]?.channels.length ?? 0;
  const columns = perClass(sequences);
  return (
    <div data-testid="preview-sequences">
      <ChannelLegend channels={channels} shown={shown} />
      <div className="sequence-grid" style={columns ? { gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` } : undefined}>
        {sequences.map((sample, i) => (
          <figure key={i}>
            <SequencePlot plot={sample} label={sample.label} channels={channels} />
            <figcaption>{sample.label}</figcaption>
          </figure>
        ))}
      </div>
      <details className="sequence-values">
        <summary>Show values</summary>
        <SequenceValues sequences={sequences} />
      </details>
    </div>
  );
}

/** The plotted values, a row per channel of each sample. */
function SequenceValues({ sequences }: { sequences: SampleSequence[] }) {
  const thinned = sequences.some((s) => s.channels[0]?.length !== s.steps);
  return (
    <>
      {thinned && <p className="hint">Each pair of values is the lowest and the highest of a stretch of the sequence, in their order.</p>}
      <div className="sample-rows">
        <table data-testid="preview-sequence-values">
          <tbody>
            {sequences.flatMap((sample, i) =>
              sample.channels.map((values, c) => (
                <tr key={`${i}-${c}`}>
                  <th>{sample.channels.length > 1 ? `${sample.label} (${c + 1})` : sample.label}</th>
                  {values.map((v, j) => (
                    <td key={j}>{v}</td>
                  ))}
                </tr>
              )),
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}
