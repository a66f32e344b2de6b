// What the dialog keeps, said at its top: the classes and pictures stay in this browser (a reload,
// another page, a dataset made of them), until the person starts a new dataset, which asks first.
import { useState } from "react";
import { CodeText } from "../../editor/CodeText";
import type { ImageSet } from "./useImageSet";

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/** What is kept, and why some may not be; one line or two. */
function keptText(set: ImageSet): string {
  const pictures = set.classes.flatMap((c) => c.pictures);
  const next = (set.choices.name ?? "").trim();
  if (set.problem) {
    const made = set.made === null ? "" : `\`${set.made.title}\` was made of ${plural(set.made.pictures, "picture")}. `;
    return `${made}This browser cannot keep the classes and their pictures (${set.problem}): a reload or closing the tab loses them.`;
  }
  const kept =
    set.made === null
      ? "The classes and their pictures are kept in this browser, through a reload or another page, until you start a new dataset."
      : `\`${set.made.title}\` was made of ${plural(set.made.pictures, "picture")}. They stay here: add pictures and create ${next ? `\`${next}\`` : "another"} beside it, or start a new dataset.`;
  const unkept = pictures.filter((p) => p.stored === null).length;
  if (unkept > 0) return `${kept} ${plural(unkept, "picture")} past the limits of one upload ${unkept === 1 ? "is" : "are"} held only until the page is reloaded or closed.`;
  return kept;
}

export function DraftNote({ set, busy }: { set: ImageSet; busy: boolean }) {
  const [asking, setAsking] = useState(false);
  const pictures = set.classes.reduce((sum, c) => sum + c.pictures.length, 0);
  const something = pictures > 0 || set.made !== null || (set.choices.name ?? "") !== "";
  const startOver = () => {
    set.startOver();
    setAsking(false);
  };
  return (
    <div className="make-kept" data-testid="make-kept" data-pending={set.pending}>
      <p className="hint">
        <CodeText text={keptText(set)} />
      </p>
      {something && !asking && (
        <button type="button" disabled={busy} onClick={() => (pictures > 0 ? setAsking(true) : startOver())} data-testid="make-start-over">
          Start a new dataset
        </button>
      )}
      {asking && (
        <p className="make-ask" role="alert">
          Remove {plural(set.classes.length, "class", "classes")} and {plural(pictures, "picture")} from this dialog?
          {set.made !== null && " The datasets made stay."}{" "}
          <button type="button" className="danger" onClick={startOver} data-testid="make-start-over-yes">
            Remove them
          </button>{" "}
          <button type="button" onClick={() => setAsking(false)} autoFocus>
            Keep them
          </button>
        </p>
      )}
    </div>
  );
}
