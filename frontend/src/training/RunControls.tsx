// Pause, step and resume a live run; continue a stopped or failed one, or train a finished one for more epochs.
// A run whose loss diverged would diverge again from its checkpoint: it is sent to the editor instead.
// Either way of going on may set a new learning rate (ContinueRate); a live run's changes as it
// trains (LiveRate), followed here past the run's end: one it ended before setting is said, and
// offered to go on with (RateNeverSet).
import { useEffect, useState } from "react";
import { client, runPath, unwrap } from "../api/client";
import { runPagePath } from "../api/pages";
import type { RateEvent, RunStatus } from "../api/types";
import { offlineReason } from "./staleness";
import { UNREACHABLE, failureText, useBackInTouch } from "./requestFailure";
import { CodeText } from "../editor/CodeText";
import { PauseResume } from "./PauseResume";
import { numberProblem } from "../editor/numberBounds";
import { useDecimalComma } from "../editor/useDecimalComma";
import { ContinueRate } from "./ContinueRate";
import { newRate, prefilledRate } from "./continueRate";
import { useRateBounds } from "./useRateBounds";
import { LiveRate } from "./LiveRate";
import { RateNeverSet } from "./RateNeverSet";
import { MoreEpochs } from "./MoreEpochs";
import type { ModelNow } from "./moreEpochs";
import { OpenInEditorNote } from "./OpenInEditorNote";
import { type RateLog, type SentRate, sentRateState } from "./sentRate";

const continueRun = (runId: string, epochs: number | null, learningRate: number | null, asNewRun = false) =>
  unwrap(client.POST("/api/runs/{run_id}/continue", { ...runPath(runId), body: { epochs, learning_rate: learningRate, as_new_run: asNewRun } }));

interface Props {
  runId: string;
  status: RunStatus;
  /** Its loss stopped being finite: going on with the same settings fails again at once. */
  diverged: boolean;
  /** It began training. One that never did (cancelled while queued, or failed before its first
   * step) has no checkpoint to go on from; a stop, even in the first epoch, leaves one. */
  started: boolean;
  /** Epochs of its plan it had not trained when it ended; a stopped run's "Train N more" drops them. */
  epochsLeft: number;
  /** The last step it trained, as its page shows it. */
  step: number;
  /** When the live connection was lost: every control here needs the server, and waits for it. */
  lostAt: number | null;
  /** The run was queued again: its event stream goes on in the same log. */
  onContinued: () => void;
  /** Opens the run's design and settings in the editor, to change them and train anew. */
  onOpenInEditor?: () => void;
  /** The rate it trains with now (continueRate.currentRate), which going on prefills; null: not known yet. */
  rate?: number | null;
  /** Its learning-rate schedule, which a new rate starts over; null: none. */
  schedule?: string | null;
  /** Paused when the server stopped: no worker holds it; Resume queues it to go on, and Step waits. */
  workerGone?: boolean;
  /** The rate it trains with now, while it runs or pauses (liveRate.liveRate); null: not known yet. */
  liveRate?: number | null;
  /** The last new rate its owner set as it trained; null: none. */
  lastRateSet?: RateEvent | null;
  /** Its log's rates and end, which say where a rate sent from here took over, or that it never did. */
  rateLog?: RateLog;
  /** The model it holds now (its end's numbers), which "Train N more" on the run replaces. */
  model?: ModelNow | null;
  /** It ended, and its curve showed its rate too high (verdictCauses.rateWasTooHigh): the rate
   * field starts at a tenth of it. */
  rateTooHigh?: boolean;
}

export function RunControls({ runId, status, diverged, started, epochsLeft, step, lostAt, onContinued, onOpenInEditor, rate = null, schedule = null, workerGone = false, liveRate = null, lastRateSet = null, rateLog, model = null, rateTooHigh = false }: Props) {
  const [busy, setBusy] = useState(false);
  const [more, setMore] = useState(5);
  const [error, setError] = useState<string | null>(null);
  const [rateText, setRateText] = useState(() => prefilledRate(rate, rateTooHigh));
  const [sent, setSent] = useState<SentRate | null>(null);
  const sentState = rateLog ? sentRateState(sent, rateLog) : null;
  const wentOn = () => {
    setSent(null); // a new part: the rate sent belonged to the one before
    onContinued();
  };
  useEffect(() => setRateText(prefilledRate(rate, rateTooHigh)), [rate, rateTooHigh]); // gone on at a new one
  useBackInTouch(lostAt, () => setError((shown) => (shown === UNREACHABLE ? null : shown)));
  const bounds = useRateBounds();
  const comma = useDecimalComma(rateText);
  const rateProblem = rate === null ? null : (comma.problem ?? numberProblem(rateText, bounds));
  const learningRate = rate === null ? null : newRate(rateText, rate);

  const act = (call: () => Promise<unknown>, after?: () => void) => {
    setBusy(true);
    setError(null);
    call()
      .then(() => after?.())
      .catch((e: unknown) => setError(failureText(e)))
      .finally(() => setBusy(false));
  };

  const offline = offlineReason(lostAt);
  const waiting = busy || offline !== null; // a request in flight, or no server to send one to
  const why = offline ?? undefined;
  const canResume = started && (status === "cancelled" || (status === "failed" && !diverged));
  const goesOn = canResume || status === "succeeded";
  const blocked = waiting || rateProblem !== null; // and says why in its title
  const blockedWhy = offline ?? (rateProblem && `Learning rate: ${rateProblem}`) ?? undefined;
  const neverSet = (status === "succeeded" || status === "failed" || status === "cancelled") && sentState?.kind === "neverSet" ? sentState : null;
  const neverSetLabel = !neverSet ? null : canResume ? `Continue with ${neverSet.lr}` : goesOn && more >= 1 ? `Train ${more} more epochs with ${neverSet.lr}` : null;
  return (
    <div className="run-controls" data-testid="run-controls">
      {/* The rate asked for and never set comes first, its button the main one: under the plain
          Continue (at the old rate), the learner's own rate read as an afterthought. */}
      {neverSet && (
        <RateNeverSet
          lr={neverSet.lr}
          stopped={neverSet.stopped}
          goOnLabel={neverSetLabel}
          onGoOn={() => act(() => continueRun(runId, canResume ? null : more, neverSet.lr), wentOn)}
          disabled={waiting}
          title={why}
        />
      )}
      {status === "cancelled" && !started && onOpenInEditor && <OpenInEditorNote why="neverStarted" onOpen={onOpenInEditor} />}
      {diverged && onOpenInEditor && <OpenInEditorNote why="diverged" onOpen={onOpenInEditor} />}
      {(status === "running" || status === "paused") && (
        <PauseResume runId={runId} status={status} step={step} workerGone={workerGone} waiting={waiting} offline={offline} act={act} onContinued={onContinued} onError={setError} />
      )}
      {(status === "running" || status === "paused") && !workerGone && liveRate !== null && (
        <LiveRate
          runId={runId}
          rate={liveRate}
          schedule={schedule}
          bounds={bounds}
          lastSet={lastRateSet}
          step={step}
          sent={sentState}
          onSending={(lr) => setSent(lr === null ? null : { lr, afterSeq: rateLog?.lastSeq ?? 0 })}
          offline={offline}
          onError={setError}
        />
      )}
      {canResume && (
        <button
          className={neverSetLabel ? undefined : "primary"}
          data-testid="continue-button"
          disabled={blocked}
          title={blockedWhy ?? "Go on from the last checkpoint to the planned epochs"}
          onClick={() => act(() => continueRun(runId, null, learningRate), wentOn)}
        >
          Continue
        </button>
      )}
      {goesOn && (
        <MoreEpochs
          more={more}
          onMore={setMore}
          epochsLeft={canResume ? epochsLeft : 0}
          disabled={blocked}
          title={blockedWhy}
          onTrain={() => act(() => continueRun(runId, more, learningRate), wentOn)}
          model={model}
          // The copy's own page: the run stays here as it was, and the copy trains there.
          onTrainAsNew={() => act(() => continueRun(runId, more, learningRate, true).then((copy) => window.location.assign(runPagePath(copy.id))))}
        />
      )}
      {goesOn && rate !== null && <ContinueRate text={rateText} onText={setRateText} onKeyDown={comma.onKeyDown} problem={rateProblem} schedule={schedule} disabled={waiting} lowered={rateTooHigh ? rate : null} />}
      {error && (
        <span className="design-error" role="alert">
          <CodeText text={error} />
        </span>
      )}
    </div>
  );
}
