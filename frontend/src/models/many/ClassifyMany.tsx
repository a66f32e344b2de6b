// Classify many (NVIDIA DIGITS' Classify Many): choose or drop pictures, a ZIP of class folders
// or a CSV of rows; the model answers them all at once, in a table with the set's accuracy.
import { useEffect, useRef, useState, type DragEvent } from "react";
import type { ManyAnswer, ModelView } from "../../api/types";
import { ConfusionMatrix } from "../../training/results/ConfusionMatrix";
import type { ModelSource } from "../modelSource";
import { manyCsv } from "./manyCsv";
import { overManyLimits } from "./manyCheck";
import { manyHint } from "./manyHint";
import { classifyMany } from "./manySource";
import { ManyTable } from "./ManyTable";
import { releaseThumbnails, thumbnails, type Thumbnails } from "./thumbnails";
import "./classifyMany.css";
import { CodeText } from "../../editor/CodeText";

const MAX_THUMBNAILS = 1000;

/** What is said of items whose label is not one of the model's classes: left out of the scores. */
function unknownText(answer: ManyAnswer): string | null {
  const unknown = answer.unknown_labels ?? [];
  if (unknown.length === 0) return null;
  const items = answer.items.filter((i) => i.problem === null && i.label !== null && unknown.includes(i.label)).length;
  const names = unknown.map((label) => `“${label}”`).join(", ");
  return `${items} item${items === 1 ? "" : "s"} labelled ${names} ${items === 1 ? "is" : "are"} left out: the model's classes are ${(answer.classes ?? []).join(", ")}.`;
}

function Scores({ answer }: { answer: ManyAnswer }) {
  const unread = answer.items.length - answer.answered;
  const count = `${answer.items.length} item${answer.items.length === 1 ? "" : "s"}${unread ? `, ${unread} not read` : ""}`;
  const unknown = unknownText(answer);
  if (answer.accuracy !== null) {
    const right = Math.round(answer.accuracy * answer.labelled);
    return (
      <p className="many-scores" data-testid="many-accuracy">
        Accuracy <strong>{(answer.accuracy * 100).toFixed(1)}%</strong>: {right} of {answer.labelled} labelled items right ({count}).
        {unknown && <span data-testid="many-unknown-labels"> {unknown}</span>}
      </p>
    );
  }
  if (unknown)
    return (
      <p className="many-scores" data-testid="many-accuracy">
        <span data-testid="many-unknown-labels">{unknown}</span> Nothing to score ({count}).
      </p>
    );
  if (answer.mae !== null && answer.rmse !== null)
    return (
      <p className="many-scores" data-testid="many-accuracy">
        MAE <strong>{Number(answer.mae.toPrecision(4))}</strong>, RMSE <strong>{Number(answer.rmse.toPrecision(4))}</strong> over {answer.labelled} items with a true value ({count}).
      </p>
    );
  if (answer.answered === 0)
    return (
      <p className="many-scores" data-testid="many-accuracy">
        None of these {answer.items.length} item{answer.items.length === 1 ? "" : "s"} could be answered: each says why below.
      </p>
    );
  return <p className="many-scores muted" data-testid="many-accuracy">No labels came with these {count}: put pictures in class folders of a ZIP, or give a CSV the target column, to see how many are right.</p>;
}

function download(answer: ManyAnswer) {
  const url = URL.createObjectURL(new Blob([manyCsv(answer)], { type: "text/csv" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = "classified.csv";
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function ClassifyMany({ view, source }: { view: ModelView; source: ModelSource }) {
  const [answer, setAnswer] = useState<ManyAnswer | null>(null);
  const [thumbs, setThumbs] = useState<Thumbnails>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const asked = useRef(0);
  useEffect(() => () => releaseThumbnails(thumbs), [thumbs]);
  const pictures = Boolean(view.dataset?.pictures);
  const send = (files: File[]) => {
    if (files.length === 0) return;
    const question = ++asked.current;
    setError(null);
    setAnswer(null);
    // Counted and weighed here first: a set the server would refuse is not uploaded at all.
    void overManyLimits(files, view.classify_many).then(
      (over) => question === asked.current && (over ? setError(over) : upload(files, question)),
      () => question === asked.current && upload(files, question), // unreadable here: the server says why
    );
  };
  const upload = (files: File[], question: number) => {
    setBusy(files.length === 1 ? files[0]!.name : `${files.length} files`);
    void thumbnails(files, MAX_THUMBNAILS).then((made) => (question === asked.current ? setThumbs(made) : releaseThumbnails(made)));
    classifyMany(source, files).then(
      (a) => question === asked.current && setAnswer(a),
      (e: unknown) => question === asked.current && setError(e instanceof Error ? e.message : String(e)),
    ).finally(() => question === asked.current && setBusy(null));
  };
  const onDragOver = (e: DragEvent) => {
    if (!e.dataTransfer.types.includes("Files")) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = "copy";
  };
  const onDrop = (e: DragEvent) => {
    if (e.dataTransfer.files.length === 0) return;
    e.preventDefault();
    send([...e.dataTransfer.files]);
  };
  return (
    <div className="classify-many" data-testid="classify-many" onDragOver={onDragOver} onDrop={onDrop}>
      <div className="many-choose">
        <label className="button file-button">
          {pictures ? "Choose pictures, a ZIP or a CSV" : "Choose a CSV"}
          <input
            type="file"
            multiple={pictures}
            accept={pictures ? "image/png,image/jpeg,image/webp,image/gif,image/bmp,image/tiff,.tif,.tiff,.zip,.csv" : ".csv"}
            data-testid="many-files"
            onChange={(e) => {
              const files = [...(e.target.files ?? [])];
              e.target.value = ""; // the same files again are a new choice
              send(files);
            }}
          />
        </label>
        <p className="muted many-hint">
          {manyHint(view.design.input_shape, view.dataset)}
        </p>
      </div>
      {busy && <p className="muted" role="status"><span className="spinner" aria-hidden="true" />Classifying {busy}…</p>}
      {error && <p className="design-error" role="alert" data-testid="many-error">
          <CodeText text={error} />
        </p>}
      {answer && (
        <>
          <div className="many-head">
            <Scores answer={answer} />
            <button type="button" onClick={() => download(answer)} data-testid="many-download">Download as CSV</button>
          </div>
          <ManyTable answer={answer} thumbs={thumbs} />
          {answer.confusion && answer.classes && (
            <details className="many-confusion">
              <summary>Confusion matrix (this set)</summary>
              <ConfusionMatrix classes={answer.classes} matrix={answer.confusion} />
            </details>
          )}
        </>
      )}
    </div>
  );
}
