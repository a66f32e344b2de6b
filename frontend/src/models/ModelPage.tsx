// A trained model's page, for its owner (/models/<id>) or through a share link (/s/<token>).
import { useEffect, useRef, useState } from "react";
import type { ModelView, RunResults } from "../api/types";
import { designLink } from "../editor/designLink";
import { runPagePath } from "../api/pages";
import { runEventsUrl, sharedEventsUrl } from "../api/client";
import { epochUnderWay, statusWhileReplaying } from "../training/events";
import { statusLabel, statusTitle } from "../training/statusLabel";
import { useRunEvents } from "../training/useRunEvents";
import { RunCharts } from "../training/RunCharts";
import { RunResult, latestMetrics } from "../training/RunResult";
import { ConfusionMatrix } from "../training/results/ConfusionMatrix";
import { DatasetFileLink } from "../training/DatasetFileLink";
import { ClassifyMany } from "./many/ClassifyMany";
import { DownloadLink } from "./DownloadLink";
import { ModelFacts } from "./ModelFacts";
import { ModelGraph } from "./ModelGraph";
import { NeuronsPanel } from "./neurons/NeuronsPanel";
import { hasEventsAfter, loadResults, loadView, type ModelSource } from "./modelSource";
import { QueuePlace } from "../training/QueuePlace";
import { SharedBanner } from "./SharedBanner";
import { SharePanel } from "./SharePanel";
import { useShareList } from "./useShareList";
import { TryIt } from "./TryIt";
import { useGoesOn } from "../training/useGoesOn";
import { pageTitle, usePageTitle } from "../api/pageTitle";
import "./models.css";
import { CodeText } from "../editor/CodeText";

const LIVE: ModelView["status"][] = ["queued", "running", "paused"];
/** How often a queued model's page asks its place: its whole view comes back, heavier than a run's record. */
const QUEUE_ASK_MS = 2000;

/** The run as a plain PyTorch script (its Net, data and loop), which the run's page downloads too,
 * as does a share link's visitor. */
const trainingScript = (url: string): ModelView["files"][number] => ({ name: "code.py", title: "Training script (.py)", url, size: null, unavailable: null });

export function ModelPage({ source }: { source: ModelSource }) {
  const [view, setView] = useState<ModelView | null>(null);
  const [results, setResults] = useState<RunResults | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fromWeights, setFromWeights] = useState(false);
  // The page follows the run's websocket, its owner's or a share link's: its whole history, then
  // live while it trains, so a class watching a shared run sees it pause, go on and stop.
  const ownedId = "runId" in source ? source.runId : null;
  const [generation, setGeneration] = useState(0); // grows when an ended run goes on
  const live = useRunEvents(ownedId ?? ("token" in source ? source.token : null), generation, ownedId === null ? sharedEventsUrl : runEventsUrl);
  const endSeq = live.tally.end?.seq ?? 0;
  // A stream refused for good (a link revoked, a run deleted) is not asked about again.
  useGoesOn((after) => hasEventsAfter(source, after), live.connection === "closed" && endSeq > 0 && live.problem === null, live.tally.lastSeq, () => setGeneration((g) => g + 1));
  const shareList = useShareList(ownedId);

  const endedViewOf = useRef<number | null>(null); // the stream generation whose end the view shows
  useEffect(() => {
    // The stream replaying the end of a run whose view came ended changes nothing in the view.
    if (endSeq > 0 && endedViewOf.current === generation) return;
    loadView(source).then((loaded) => {
      endedViewOf.current = LIVE.includes(loaded.status) ? null : generation;
      setView(loaded);
      // A run without weights (failed, or stopped before its first step) has no results: asking
      // answered 404, an error in the console of every such page.
      if (!LIVE.includes(loaded.status) && loaded.has_weights) loadResults(source).then(setResults, () => setResults(null));
    }, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [source, endSeq, generation]); // a run that ends while open: its weights, files and results now exist
  usePageTitle(pageTitle(view?.name, ownedId === null ? "Shared model" : "Model"));

  if (error)
    return (
      <main className="model-page">
        <p className="fatal" data-testid="model-error">
          <CodeText text={error} />
        </p>
      </main>
    );
  // A share link revoked or expired while its page is open: the server closes the stream saying
  // so, and the page keeps nothing of the model, as a reload of the dead link would show.
  if (ownedId === null && live.problem)
    return (
      <main className="model-page">
        <p className="fatal" data-testid="share-ended">
          <CodeText text={live.problem} />
        </p>
      </main>
    );
  // The owner's links come with the page, not after it (see useShareList).
  if (!view || (ownedId !== null && shareList.shares === null)) return <p className="loading">Loading the model…</p>;
  const classification = view.dataset?.task !== "regression";
  // An ended run's own status until its replayed history reaches the end (statusWhileReplaying).
  const endedAs = generation === 0 && !LIVE.includes(view.status) ? view.status : null;
  const status = live.tally.lastSeq > 0 ? statusWhileReplaying(live.tally, endedAs) : view.status;
  const steps = Math.max(view.metrics.step, live.tally.end?.metrics.step ?? 0);
  // Only the owner may start a run from these weights: the server checks that init_from is theirs.
  const canStartFrom = view.owned && view.has_weights && view.run_id !== null;
  const openInEditor = async () => {
    const initFrom = canStartFrom && fromWeights ? view.run_id : null;
    const link = new URL(await designLink(view.design, view.training.dataset, initFrom, view.training, view.dataset?.title ?? null));
    window.location.assign(`/${link.hash}`);
  };

  return (
    <main className="model-page">
      <div className="page-head">
        <h2 data-testid="model-name">{view.name}</h2>
        <span className={`status status-${status}`} data-testid="model-status" data-status={status} title={statusTitle(status, steps)}>
          {statusLabel(status, steps)}
        </span>
        {LIVE.includes(status) && epochUnderWay(live.tally) && <span data-testid="model-epoch">{epochUnderWay(live.tally)}</span>}
        {status === "queued" && (
          <span className="muted" data-testid="model-queue">
            Waiting for a worker…
            <QueuePlace ask={() => loadView(source).then((loaded) => loaded.queue_position ?? null)} every={QUEUE_ASK_MS} />
          </span>
        )}
        {ownedId !== null && (
          <a href={runPagePath(ownedId)} data-testid="model-run-page">
            {LIVE.includes(status) ? "Training now: follow it on the run page" : "Run page"}
          </a>
        )}
        <span className="open-in-editor">
          <button onClick={() => void openInEditor()} data-testid="open-in-editor">
            Open in editor
          </button>
          {canStartFrom && (
            <label title="A run of the copied design starts from this model's trained weights instead of fresh ones">
              <input type="checkbox" checked={fromWeights} onChange={(e) => setFromWeights(e.target.checked)} data-testid="start-from-weights" />
              Start from these weights
            </label>
          )}
        </span>
      </div>
      {ownedId === null && <SharedBanner ownRunId={view.owned ? view.run_id : null} />}
      {view.note && (
        <p className="model-note muted" data-testid="model-note">
          {view.note}
        </p>
      )}
      <div className="model-columns">
        <section className="panel" aria-label="Architecture">
          <h2>Architecture</h2>
          <ModelGraph design={view.design} result={view.validation} />
          <ModelFacts view={view} />
        </section>
        <div className="model-side">
          <section className="panel" aria-label="Try it">
            <h2>Try it</h2>
            {view.has_weights && view.over_limits ? (
              <p className="muted" data-testid="try-it-over-limits">
                This server will not run the model: {/* the reason stands alone in a 422; here it goes on the sentence */}
                <CodeText text={view.over_limits.charAt(0).toLowerCase() + view.over_limits.slice(1)} />
              </p>
            ) : view.has_weights ? (
              <TryIt view={view} source={source} />
            ) : (
              <p className="muted" data-testid="try-it-waits">
                {LIVE.includes(status) ? "Try it opens when the run ends, with the weights it reached." : "This run saved no weights."}
              </p>
            )}
          </section>
          <section className="panel" aria-label="Downloads">
            <h2>Downloads</h2>
            <ul className="file-list" data-testid="model-files">
              {view.files.map((f) => (
                <li key={f.name}>
                  <DownloadLink file={f} />
                </li>
              ))}
              {view.files.length > 0 && (
                <li>
                  <DownloadLink file={trainingScript(view.script_url)} />
                </li>
              )}
              {/* The file that script reads, for the upload's owner (a HEAD asks the server) */}
              {ownedId !== null && view.files.length > 0 && (
                <li>
                  <DatasetFileLink datasetId={view.training.dataset} label="Its dataset" className="button" sizeApart />
                </li>
              )}
            </ul>
            {view.files.length === 0 && (
              <p className="muted" data-testid="files-none">
                {LIVE.includes(status) ? "Its files come once it has weights: when it ends, or is stopped." : "Nothing to download: this run saved no weights."}
              </p>
            )}
            {view.files.some((f) => f.unavailable) && (
              <p className="muted" data-testid="files-over-limits">
                The exports and the bundle are made by running the model, which this server will not do (see Try it). The
                weights and the design download as they are.
              </p>
            )}
          </section>
          {ownedId !== null && view.owned && view.run_id && <SharePanel runId={view.run_id} hasWeights={view.has_weights} live={LIVE.includes(status)} list={shareList} />}
        </div>
      </div>
      {view.has_weights && !view.over_limits && (
        <section className="panel" aria-label="Classify many">
          <h2>Classify many</h2>
          <ClassifyMany view={view} source={source} />
        </section>
      )}
      <section className="panel model-training" aria-label="Training">
        <h2>Training</h2>
        <RunResult metrics={latestMetrics(live.tally) || view.metrics} classification={classification} live={LIVE.includes(status)} />
        <RunCharts tally={live.tally} version={live.version} classification={classification} />
        {results?.classes && results.confusion ? (
          <figure className="chart model-confusion" data-testid="model-confusion">
            <figcaption>Confusion matrix (validation set)</figcaption>
            <ConfusionMatrix classes={results.classes} matrix={results.confusion} />
          </figure>
        ) : null}
      </section>
      {/* Last: it comes after the results, then its maps after that, and grows as they do; above the
          training panel it pushed the charts a reader had begun on down by its whole height. */}
      {results?.boundary && view.has_weights && !view.over_limits && <NeuronsPanel source={source} boundary={results.boundary} />}
    </main>
  );
}
