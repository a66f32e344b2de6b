// One run in the runs table: its name and note (editable), settings, status, times and results.
import { useEffect, useRef, useState } from "react";
import { modelPagePath, runPagePath } from "../../api/pages";
import type { RunInfo } from "../../api/types";
import { RunLabelForm } from "./RunLabelForm";
import { DURATION_TITLE, durationOf, formatDuration, runName, startedWhen } from "./runList";
import { formatWhen } from "../../editor/when";
import { cssColor } from "../chartTheme";
import { accuracyText, metricText } from "../metricText";
import { testNote, testSentence } from "../testResult";
import "./runQueue.css";
import { CodeText, plainText } from "../../editor/CodeText";
import { currentRate } from "../continueRate";
import { RunDatasetCell } from "./RunDatasetCell";
import { RunStatusCell } from "./RunStatusCell";

interface Props {
  run: RunInfo;
  now: number;
  selected: boolean;
  colour: string | undefined;
  columns: number;
  onToggle: () => void;
  onSaved: (run: RunInfo) => void;
  /** Its dataset's classes, where known (0: a regression, or unknown). */
  classes: number;
  /** The start of its dataset's id where another dataset has its title, else "". */
  datasetTag: string;
}

/** A loss's name with a line-break chance before its closing "Loss" (CrossEntropy|Loss). */
function breakBeforeLoss(name: string) {
  const at = name.endsWith("Loss") ? name.length - "Loss".length : 0;
  return at > 0 ? (
    <>
      {name.slice(0, at)}
      <wbr />
      {name.slice(at)}
    </>
  ) : (
    name
  );
}

export function RunRow({ run, now, selected, colour, columns, onToggle, onSaved, classes, datasetTag }: Props) {
  const [editing, setEditing] = useState(false);
  // The form closed (saved, cancelled, Escape): the focus, which was in it, goes back to its button.
  const editButton = useRef<HTMLButtonElement>(null);
  const edited = useRef(false);
  useEffect(() => {
    if (!editing && edited.current) editButton.current?.focus();
    edited.current ||= editing;
  }, [editing]);
  const name = runName(run);
  const parent = run.training.init_from;
  const frozen = run.training.frozen ?? [];
  return (
    <>
      <tr data-testid={`run-row-${run.id}`} data-status={run.status}>
        <td className="runs-compare">
          <input type="checkbox" aria-label={`Compare run ${name} (${run.id})`} checked={selected} onChange={onToggle} />
          {colour && <span className="swatch" style={{ background: cssColor(colour) }} />}
        </td>
        <td className="run-name-cell">
          {/* Runs of one design share its name: each link's name says which run it opens. */}
          <a href={runPagePath(run.id)} data-testid={`run-link-${run.id}`} className="run-name" aria-label={`${name} · ${run.id.slice(0, 6)}`}>
            {name}
          </a>{" "}
          <code className="muted">{run.id}</code>{" "}
          {/* A range test keeps no model: its model page only said "This run saved no weights". */}
          {!run.training.range_test && (
            <a className="muted" href={modelPagePath(run.id)} aria-label={`Model page of ${name} · ${run.id.slice(0, 6)}`}>
              model
            </a>
          )}
          {(parent || frozen.length > 0) && (
            <small className="runs-origin muted" data-testid={`run-origin-${run.id}`}>
              {parent && (
                <>
                  started from <a href={runPagePath(parent)}>{parent.slice(0, 6)}</a>
                </>
              )}
              {parent && frozen.length > 0 && ", "}
              {frozen.length > 0 && `${frozen.join(", ")} frozen`}
            </small>
          )}
          {run.status === "failed" && run.error && (
            <small className="run-why" title={plainText(run.error)} data-testid={`run-why-${run.id}`}>
              <CodeText text={run.error} />
            </small>
          )}
          {run.note && (
            <p className="run-note" data-testid={`run-note-${run.id}`}>
              {run.note}
            </p>
          )}
        </td>
        <RunDatasetCell run={run} tag={datasetTag} />
        {/* A narrow window breaks "CrossEntropyLoss" before its "Loss", and "1000/1000" after its
            slash, rather than pushing Rename / note out of the table (1024 px, 200 % zoom). */}
        <td className="runs-wrap runs-settings">
          {breakBeforeLoss(run.training.loss)} · {run.training.optimizer}
        </td>
        {run.training.range_test ? (
          <td colSpan={2}>
            <span className="run-kind" title="A learning-rate range test: the rate rose step by step; it trained nothing to keep" data-testid={`run-range-test-${run.id}`}>
              lr finder
            </span>{" "}
            <span className="muted">
              {run.training.range_test.start_lr}→{run.training.range_test.end_lr}
            </span>
          </td>
        ) : (
          <>
            {/* Where a Continue set a new one, the rate it trains with now beside its first. */}
            <td data-label="lr">{currentRate(run) === run.training.lr ? run.training.lr : `${run.training.lr} → ${currentRate(run)}`}</td>
            <td data-label="epochs">
              {run.metrics.epoch}/<wbr />
              {run.training.epochs}
            </td>
          </>
        )}
        <RunStatusCell run={run} classes={classes} />
        <td data-testid={`run-started-${run.id}`} data-label="started" title={run.copied_at != null ? `Made as a copy of run ${run.based_on} then; it started ${formatWhen(run.started_at)}` : undefined}>
          {formatWhen(startedWhen(run))}
        </td>
        <td data-testid={`run-duration-${run.id}`} title={DURATION_TITLE} data-label="took">
          {formatDuration(durationOf(run, now))}
        </td>
        <td data-label="val accuracy" data-testid={`run-val-accuracy-${run.id}`}>
          {accuracyText(run.metrics.val_accuracy)}
          {run.metrics.test && (
            <small className="run-test" title={testSentence(run.metrics.test)} data-testid={`run-test-${run.id}`}>
              {testNote(run.metrics.test)}
            </small>
          )}
        </td>
        <td data-label="val loss">{metricText(run.metrics.val_loss)}</td>
        <td className="runs-actions">
          {/* Not "Edit": next to a design's name, that read as editing the design. */}
          <button type="button" className="icon" aria-expanded={editing} onClick={() => setEditing(!editing)} ref={editButton} data-testid={`run-edit-${run.id}`}>
            Rename / note<span className="visually-hidden"> of the run {name}</span>
          </button>
        </td>
      </tr>
      {editing && (
        <tr className="run-label-row">
          <td colSpan={columns}>
            <RunLabelForm run={run} onSaved={onSaved} onClose={() => setEditing(false)} />
          </td>
        </tr>
      )}
    </>
  );
}
