// A gallery of validation samples the model got wrong: images for image data, line plots for
// sequences, values otherwise.
import { useState, type KeyboardEvent } from "react";
import type { RunResults } from "../../api/types";
import { ChannelLegend, SequencePlot } from "../sequences/SequencePlot";
import { sampleValues } from "./mistakeValues";
import { SampleImage } from "./SampleImage";
import "./mistakes.css";

type Mistake = RunResults["misclassified"][number];

// Tiles shown before "Show all": a run at chance listed its 323 mistakes, and its page ran to 18
// phone screens, the rest of it out of reach (a review). The server puts some of each confusion first.
export const FIRST_MISTAKES = 48;

/** A table's sample: its first values, each on a line after its column's name where it has one. */
function SampleValuesText({ sample, names }: { sample: number[]; names: string[] | null }) {
  const { shown, more, named } = sampleValues(sample, names);
  return (
    <code className={named ? "mistake-values is-named" : "mistake-values"}>
      {shown.map((text, i) => (
        <span key={i}>
          {text}
          {i < shown.length - 1 || more > 0 ? ", " : ""}
        </span>
      ))}
      {more > 0 && <span className="muted">{`${more} more`}</span>}
    </code>
  );
}

/** Follows a link by Space too, as a button does: the tiles read as buttons to press. */
function spaceFollows(event: KeyboardEvent<HTMLAnchorElement>) {
  if (event.key !== " ") return;
  event.preventDefault(); // not the page's scroll
  event.currentTarget.click();
}

interface Props {
  mistakes: Mistake[];
  shape: number[];
  /** The name of each value of a sample: a 2-D set's x₁ and sin(x₁), a CSV's columns; null where they have none. */
  names: string[] | null;
  /** The address that opens a mistake in the model page's Try it; null where it cannot be tried. */
  openHref?: (mistake: Mistake) => string | null;
}

export function Misclassified({ mistakes, shape, names, openHref = () => null }: Props) {
  const [all, setAll] = useState(false);
  if (mistakes.length === 0) return <p className="muted">No validation sample was misclassified.</p>;
  const shown = all ? mistakes : mistakes.slice(0, FIRST_MISTAKES);
  const image = shape.length === 3 && (shape[0] === 1 || shape[0] === 3);
  const channels = shape.length === 2 ? (shape[0] ?? 1) : 1; // (C, L) for sequences
  return (
    <>
      {mistakes[0]?.sequence && <ChannelLegend channels={channels} shown={mistakes[0].sequence.channels.length} />}
      <ul className="mistakes" data-testid="misclassified">
        {shown.map((m) => {
          const card = (
            <>
              {m.sequence ? (
                <SequencePlot plot={m.sequence} label={m.true} channels={channels} />
              ) : image ? (
                <SampleImage values={m.sample} shape={shape} />
              ) : (
                <SampleValuesText sample={m.sample} names={names} />
              )}
              <span>
                true <b>{m.true}</b> → <b className="wrong">{m.predicted}</b>
                {m.confidence != null && <span className="muted"> {(m.confidence * 100).toFixed(1)}%</span>}
              </span>
            </>
          );
          const href = openHref(m);
          return (
            <li key={m.index} title={href ? `Open validation sample #${m.index} in Try it` : `validation sample ${m.index}`}>
              {href ? (
                <a className="mistake-open" href={href} data-testid={`mistake-${m.index}`} onKeyDown={spaceFollows}>
                  {card}
                  <span className="visually-hidden">, validation sample #{m.index}: open it in Try it</span>
                </a>
              ) : (
                card
              )}
            </li>
          );
        })}
      </ul>
      {shown.length < mistakes.length && (
        <button type="button" className="mistakes-more" data-testid="misclassified-more" onClick={() => setAll(true)}>
          Show all {mistakes.length} mistakes
        </button>
      )}
    </>
  );
}
