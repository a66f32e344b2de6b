// One run in the runs table: its name and note (editable), settings, status, times and results.
import { Fragment, useState } from "react";
import { modelPagePath, runPagePath } from "../../api/pages";
import type { RunInfo } from "../../api/types";
import { RunLabelForm } from "./RunLabelForm";
import { DURATION_TITLE, datasetTitle, durationOf, formatDuration, runName } from "./runList";
import { formatWhen } from "../../editor/when";
import { cssColor } from "../chartTheme";
import { metricText } from "../metricText";
import { testNote, testSentence } from "../testResult";
import { augmentationText, nameWords } from "../augmentations";
import { optionsText } from "../planeOptions";
import { statusLabel, statusTitle } from "../statusLabel";
import { ordinal } from "../QueuePlace";
import { queueWaitText, queueWaitTitle } from "../queueWait";
import "./runQueue.css";
import { atChance, recordedGuess } from "../verdict";
import { CodeText, plainText } from "../../editor/CodeText";
import { currentRate } from "../continueRate";

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
}

const percent = (v: number | null | undefined) => (v == null ? "—" : `${(v * 100).toFixed(1)}%`);

/** What the "at chance" mark weighs the run against. */
function chanceTitle(classes: number, guess: number): string {
  const against = guess > 1 / classes ? `always answering the class its validation set holds most of (right ${percent(guess)} of the time)` : `guessing among ${classes} classes taken as even`;
  return `Its accuracy is no better, or barely better, than ${against}: its page says why, and what to try.`;
}

export function RunRow({ run, now, selected, colour, columns, onToggle, onSaved, classes }: Props) {
  const [editing, setEditing] = useState(false);
  const name = runName(run);
  const augmented = augmentationText(run.training.augmentations);
  const dataOptions = optionsText(run.training.dataset_options);
  const parent = run.training.init_from;
  const frozen = run.training.frozen ?? [];
  const guess = recordedGuess(classes, run.metrics.guess_accuracy);
  return (
    <>
      <tr data-testid={`run-row-${run.id}`} data-status={run.status}>
        <td className="runs-compare">
          <input type="checkbox" aria-label={`Compare run ${name} (${run.id})`} checked={selected} onChange={onToggle} />
          {colour && <span className="swatch" style={{ background: cssColor(colour) }} />}
        </td>
        <td className="run-name-cell">
          <a href={runPagePath(run.id)} data-testid={`run-link-${run.id}`} className="run-name">
            {name}
          </a>{" "}
          <code className="muted">{run.id}</code>{" "}
          <a className="muted" href={modelPagePath(run.id)} aria-label={`Model page of ${name}`}>
            model
          </a>
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
        <td className="runs-wrap runs-dataset">
          {datasetTitle(run)}
          {dataOptions && (
            <small className="runs-augmented muted" data-testid={`run-data-options-${run.id}`}>
              {dataOptions}
            </small>
          )}
          {augmented && (
            <small className="runs-augmented muted" title={`Augmented: ${augmented}`} data-testid={`run-augmented-${run.id}`}>
              +{" "}
              {Object.keys(run.training.augmentations ?? {}).map((augmentation, i) => (
                <Fragment key={augmentation}>
                  {i > 0 && ", "}
                  {nameWords(augmentation).map((word, j) => (
                    <Fragment key={j}>
                      {j > 0 && <wbr />}
                      {word}
                    </Fragment>
                  ))}
                </Fragment>
              ))}
            </small>
          )}
        </td>
        <td className="runs-wrap runs-settings">
          {run.training.loss} · {run.training.optimizer}
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
              {run.metrics.epoch}/{run.training.epochs}
            </td>
          </>
        )}
        <td className={`run-state run-state-${run.status}`} data-testid={`run-status-${run.id}`} title={statusTitle(run.status, run.metrics.step)}>
          {statusLabel(run.status, run.metrics.step)}
          {run.status === "queued" && run.queue_position != null && (
            <small className="run-queue-place" data-testid={`run-queue-place-${run.id}`}>
              {ordinal(run.queue_position)} in the queue
            </small>
          )}
          {run.status === "queued" && run.queue_position != null && (
            <small className="run-queue-place" data-testid={`run-queue-wait-${run.id}`} title={queueWaitTitle(run.queue_wait_seconds ?? null)}>
              wait {queueWaitText(run.queue_wait_seconds ?? null)}
            </small>
          )}
          {(run.status === "succeeded" || run.status === "cancelled") && atChance(run.metrics.val_accuracy, classes, guess) && (
            <small className="run-chance" data-testid={`run-chance-${run.id}`} title={chanceTitle(classes, guess)}>
              at chance
            </small>
          )}
        </td>
        <td data-testid={`run-started-${run.id}`} data-label="started">{formatWhen(run.started_at)}</td>
        <td data-testid={`run-duration-${run.id}`} title={DURATION_TITLE} data-label="took">
          {formatDuration(durationOf(run, now))}
        </td>
        <td data-label="val accuracy" data-testid={`run-val-accuracy-${run.id}`}>
          {percent(run.metrics.val_accuracy)}
          {run.metrics.test && (
            <small className="run-test" title={testSentence(run.metrics.test)} data-testid={`run-test-${run.id}`}>
              {testNote(run.metrics.test)}
            </small>
          )}
        </td>
        <td data-label="val loss">{metricText(run.metrics.val_loss)}</td>
        <td className="runs-actions">
          {/* Not "Edit": next to a design's name, that read as editing the design. */}
          <button type="button" className="icon" aria-expanded={editing} onClick={() => setEditing(!editing)} data-testid={`run-edit-${run.id}`}>
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
