// A run, live: where it is and its controls, its metrics, charts, and once it ends, its
// message, downloads and results.
import { useEffect, useRef, useState, type ReactNode } from "react";
import type { RateEvent, RunStatus } from "../api/types";
import type { SettingsTense } from "./RunSettings";
import { announceRunsChanged } from "../api/runsChanged";
import { statusWhileReplaying, stoppedBetweenEpochs } from "./events";
import { LrRangeChart } from "./lrfinder/LrRangeChart";
import { RunCharts } from "./RunCharts";
import { RunControls } from "./RunControls";
import { endedRate, liveRate } from "./liveRate";
import { RunDownloads } from "./RunDownloads";
import { RunOrigin } from "./InitFromNote";
import { RunHead } from "./RunHead";
import { historyText } from "./runHistory";
import { RunMessages } from "./RunMessages";
import { RunProgress } from "./RunProgress";
import { RunResult, latestMetrics } from "./RunResult";
import { StaleBanner } from "./StaleBanner";
import { RunResultsPanel } from "./results/RunResultsPanel";
import { useRunResults } from "./results/useRunResults";
import { statusSaid } from "./statusSaid";
import { useFocusStays } from "./useFocusStays";
import { useHasWeights } from "./useHasWeights";
import { useRunEvents } from "./useRunEvents";
import { useStopRun } from "./useStopRun";
import { useBackInTouch } from "./requestFailure";
import { runHasEventsAfter, useGoesOn } from "./useGoesOn";
import { guessFor, runVerdict } from "./verdict";
import { rateWasTooHigh } from "./verdictCauses";
import { averageGuess } from "./averageVerdict";
import { CodeText } from "../editor/CodeText";
import { PreviousDelta } from "./previous/PreviousDelta";
import type { PreviousRun } from "./previous/previousOverlay";

interface Props {
  runId: string;
  designName: string;
  /** The run's own name, when its owner gave it one; else the design's name heads the page. */
  title?: string | null;
  /** The note its owner gave it on the runs page, under the title. */
  note?: string | null;
  /** The augmentations it trained with, in a line ("RandomCrop (padding 2)"); null: none. */
  augmented?: string | null;
  /** A 2-D set's chosen noise, training share and features, in words. */
  dataOptions?: string | null;
  classification: boolean;
  /** The name of each feature of its dataset's samples (a CSV's columns); null where they have none. */
  featureNames?: string[] | null;
  /** Its dataset's class names, where known: the weights drawing's output units. */
  classNames?: string[] | null;
  /** How many classes its dataset has (0 for a regression, or where unknown): a guess's accuracy. */
  classes?: number;
  /** The values of one sample's target (a regression's outputs; 0 where unknown): a target of
   * one is weighed against always answering its average. */
  outputs?: number;
  /** Links and buttons for the head of the dashboard, beside the run's name. */
  actions?: ReactNode;
  /** The run's model page, linked beside the actions until the downloads below link it. */
  modelPage?: string;
  /** Opens the run's design in the editor: the way on from a run that diverged. */
  onOpenInEditor?: () => void;
  /** A learning-rate range test: its curve instead of results, and nothing to pause or go on from. */
  rangeTest?: boolean;
  /** The run's learning-rate schedule, named where its rate reads constant; null: none. */
  schedule?: string | null;
  /** The learning rate it trains with now, which going on prefills (continueRate.currentRate); null: not known yet. */
  rate?: number | null;
  /** Paused when the server stopped: no worker holds it, so Step waits for Resume. */
  workerGone?: boolean;
  /** How the run had ended when the page loaded (its record's status); null: it had not. */
  endedAs?: RunStatus | null;
  /** Its record said it was queued to go on, its part before having ended at this step (its
   * metrics'); null: it did not. */
  queuedAtStep?: number | null;
  /** What it was trained with (RunSettings), under its augmentations and data options. */
  settings?: ((rates: readonly RateEvent[], tense: SettingsTense) => ReactNode) | null;
  /** Called once the run goes on (Continue, "Train N more"), here or elsewhere: its settings may
   * now have more epochs. */
  onContinued?: () => void;
  /** Called when the page is in touch with the server again after losing it: its record may have
   * changed meanwhile (a restart leaves a paused run without its worker). */
  onBackInTouch?: () => void;
  /** An earlier run to draw under its curves and measure its result against (previous/). */
  previous?: PreviousRun | null;
  /** The choice of that run (PreviousPick), under the result. */
  previousPick?: ReactNode;
  /** A copy made to train more as a new run: the seq of its original's last event it holds
   * (Run.copied_at), and that run's id (Run.based_on); null for any other run. */
  copiedAt?: number | null;
  original?: string | null;
}

export function RunDashboard({ runId, designName, title, note, augmented, dataOptions, classification, featureNames = null, classNames = null, classes = 0, outputs = 0, actions, modelPage, onOpenInEditor, rangeTest = false, workerGone = false, schedule = null, rate = null, endedAs = null, queuedAtStep = null, settings = null, onContinued, onBackInTouch, previous = null, previousPick = null, copiedAt = null, original = null }: Props) {
  const [generation, setGeneration] = useState(0); // grows each time the ended run goes on
  const { tally, version, connection, problem, dropReason, lostAt, refusedAt } = useRunEvents(runId, generation);
  // Refused for good (the run deleted, or no longer this browser's): nothing can be asked of it
  // any more, so its controls, files and links go, its messages say why, and its state is as of then.
  const refused = refusedAt !== null;
  const { stopping, stopError, stop, stopped } = useStopRun(runId, lostAt);
  useBackInTouch(lostAt, () => onBackInTouch?.());
  // Gone on while every worker was busy, it waits: queued until its start comes, though its log's
  // last end is its part before (it read FAILED, with a Continue the server refused: a review).
  const [waitingAfter, setWaitingAfter] = useState<number | null>(null);
  const goesOn = () => (stopped(), setWaitingAfter(tally.lastSeq), setGeneration((g) => g + 1), onContinued?.());
  // Continued from this page, its controls say so at once; from another tab or the API, the
  // stream closed at the end hears nothing of it, and this asks.
  // A stream refused for good (the run deleted) is not asked about again.
  useGoesOn((after) => runHasEventsAfter(runId, after), connection === "closed" && tally.end !== null && problem === null, tally.lastSeq, goesOn);
  // Opened while it waits so (continued elsewhere): its log ends at its record's step until the
  // part's start comes, which the closed stream's look for more hears of (generation 1 on).
  const queuedOnLoad = generation === 0 && queuedAtStep !== null && tally.end?.metrics.step === queuedAtStep;
  const waiting = queuedOnLoad || (waitingAfter !== null && tally.end !== null && tally.lastSeq <= waitingAfter);
  const status = waiting ? "queued" : statusWhileReplaying(tally, generation === 0 ? endedAs : null);
  // Ended before it began training (stopped while queued, or failed before starting): no charts,
  // results or model to show, only its message and the way on.
  const neverStarted = tally.end !== null && tally.started === null;
  // Stopped before its first step (its worker had begun it): it kept no weights, so no results.
  const untrained = tally.end !== null && tally.end.metrics.step === 0;
  const hasResults = !rangeTest && !neverStarted && !untrained && tally.end !== null && tally.end.status !== "failed";
  const { results, problem: resultsProblem } = useRunResults(runId, tally.end?.seq ?? 0, hasResults);
  // Weighed once the results' class counts, or a regression's validation targets, are in (or known
  // not to come): it first said nothing, then "No better than guessing" on a lopsided set; and
  // "Overfitting", then "No better than always answering the average", on a target it cannot predict.
  const weighed = !hasResults || results !== null || resultsProblem !== null;
  const verdict = rangeTest || !weighed ? null : runVerdict(tally, classification ? guessFor(classes, results?.per_class) : null, classification ? null : averageGuess(results?.regression, outputs));
  const metrics = latestMetrics(tally);
  const hasMetrics = metrics !== null && (metrics.epoch > 0 || metrics.val_loss != null);
  // A finished run's files, and a stopped one's: Stop keeps the weights it reached.
  const hasWeights = useHasWeights(runId, tally.end?.seq ?? 0);
  const downloads = hasWeights && (status === "succeeded" || status === "cancelled");
  useEffect(announceRunsChanged, [status]); // the top bar's count of training runs follows at once
  const summary = useRef<HTMLDivElement>(null);
  useFocusStays(summary);

  return (
    <section className="dashboard" aria-label="Run" data-testid="dashboard">
      <div className="panel dashboard-summary" ref={summary}>
        {/* Said once each time the run's state changes: paused, resumed, stopped, finished. */}
        <p className="visually-hidden" role="status" data-testid="run-status-said">
          {statusSaid(status, tally.end, classification)}
        </p>
        <RunHead
          runId={runId}
          title={title ?? designName}
          actions={refused ? null : actions}
          modelPage={modelPage && !downloads && !neverStarted && !refused ? modelPage : null}
          queued={tally.started === null}
          note={note}
          augmented={augmented}
          dataOptions={dataOptions}
          history={historyText(tally.history, copiedAt === null ? null : { seq: copiedAt })}
          original={copiedAt === null ? null : original}
        />
        {settings?.(tally.rates, tally.started !== null ? "trained" : tally.end ? "neverStarted" : "queued")}
        {lostAt !== null && <StaleBanner lostAt={lostAt} dropReason={dropReason} />}
        <RunOrigin runId={runId} />
        <RunProgress runId={runId} tally={tally} status={status} stopping={stopping && !tally.end} lostAt={lostAt ?? refusedAt} rangeTest={rangeTest} workerGone={workerGone} onStop={refused ? null : stop} />
        {!rangeTest && !refused && (
          <RunControls
            runId={runId}
            status={status}
            diverged={tally.end?.diverged ?? false}
            started={tally.started !== null}
            epochsLeft={tally.started && tally.end ? Math.max(0, tally.started.epochs - tally.end.metrics.epoch) : 0}
            step={tally.progress?.step ?? 0}
            lostAt={lostAt}
            onContinued={goesOn}
            onOpenInEditor={onOpenInEditor}
            rate={endedRate(tally, rate)}
            liveRate={liveRate(tally, rate)}
            lastRateSet={tally.rates.at(-1) ?? null}
            rateLog={tally}
            model={tally.end?.metrics ?? null}
            schedule={schedule}
            workerGone={workerGone}
            rateTooHigh={tally.end !== null && !tally.partOpen && rateWasTooHigh(tally)}
          />
        )}
        <RunMessages problem={problem} warnings={tally.warnings} stopError={stopError} end={tally.end} />
        {metrics && hasMetrics && <RunResult metrics={metrics} classification={classification} live={!tally.end} validationErrors={results?.regression} testsSeen={tally.testsSeen} />}
        <PreviousDelta previous={previous} metrics={hasMetrics ? metrics : null} ended={tally.end !== null} classification={classification} />
        {previousPick}
        {verdict && (
          <p className={`run-verdict run-verdict-${verdict.kind}`} role="status" data-testid="run-verdict" data-kind={verdict.kind}>
            <CodeText text={verdict.text} />
          </p>
        )}
        {downloads && !refused && <RunDownloads runId={runId} />}
      </div>
      {tally.lrRange && (
        <div className="panel lr-finder-result">
          <LrRangeChart curve={tally.lrRange} version={version} />
        </div>
      )}
      {!neverStarted && <RunCharts tally={tally} version={version} classification={classification} rangeTest={rangeTest} schedule={schedule} previous={previous} inputNames={featureNames} outputNames={classification ? classNames : null} />}
      {hasResults && (
        <div className="panel">
          <RunResultsPanel results={results} problem={resultsProblem} between={stoppedBetweenEpochs(tally)} featureNames={featureNames} modelPage={hasWeights && !refused ? (modelPage ?? null) : null} />
        </div>
      )}
    </section>
  );
}
