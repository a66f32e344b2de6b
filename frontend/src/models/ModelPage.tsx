// A trained model's page, for its owner (/models/<id>) or through a share link (/s/<token>).
import { useEffect, useRef, useState } from "react";
import type { ModelView } from "../api/types";
import { runPagePath } from "../api/pages";
import { runEventsUrl, sharedEventsUrl } from "../api/client";
import { epochUnderWay, statusWhileReplaying } from "../training/events";
import { statusLabel, statusTitle } from "../training/statusLabel";
import { useRunEvents } from "../training/useRunEvents";
import { RunCharts } from "../training/RunCharts";
import { RunResult, latestMetrics } from "../training/RunResult";
import { ConfusionMatrix } from "../training/results/ConfusionMatrix";
import { ClassifyMany } from "./many/ClassifyMany";
import { ModelDownloads } from "./ModelDownloads";
import { OpenInEditor } from "./OpenInEditor";
import { ModelFacts } from "./ModelFacts";
import { ModelGraph } from "./ModelGraph";
import { NeuronsPanel } from "./neurons/NeuronsPanel";
import { hasEventsAfter, loadResults, loadView, type ModelSource } from "./modelSource";
import { QueuePlace } from "../training/QueuePlace";
import { SharedBanner } from "./SharedBanner";
import { SharePanel } from "./SharePanel";
import { useShareList } from "./useShareList";
import { TryItPanel } from "./TryItPanel";
import { MistakesPanel } from "./MistakesPanel";
import { RESULTS_AT_THE_END, resultsFailed, type ResultsLoad } from "./askedSample";
import { useGoesOn } from "../training/useGoesOn";
import { pageTitle, usePageTitle } from "../api/pageTitle";
import "./models.css";
import { CodeText } from "../editor/CodeText";

const LIVE: ModelView["status"][] = ["queued", "running", "paused"];
/** How often a queued model's page asks its place: its whole view comes back, heavier than a run's record. */
const QUEUE_ASK_MS = 2000;

export function ModelPage({ source }: { source: ModelSource }) {
  const [view, setView] = useState<ModelView | null>(null);
  const [resultsLoad, setResultsLoad] = useState<ResultsLoad>({ state: "loading" });
  const [error, setError] = useState<string | null>(null);
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
      // answered 404, an error in the console of every such page. One that failed to load says
      // why (a sample its address asks for waited on them for ever); a run that goes on keeps its last.
      if (LIVE.includes(loaded.status)) setResultsLoad((old) => (old.state === "loaded" ? old : { state: "none", why: RESULTS_AT_THE_END }));
      else if (!loaded.has_weights) setResultsLoad({ state: "none", why: "this run saved no weights, so it has no results." });
      else loadResults(source).then((results) => setResultsLoad({ state: "loaded", results }), (e: unknown) => setResultsLoad({ state: "none", why: resultsFailed(e) }));
    }, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [source, endSeq, generation]); // a run that ends while open: its weights, files and results now exist
  usePageTitle(pageTitle(view?.name, ownedId === null ? "Shared model" : "Model"));

  // A share link revoked or expired, or the run deleted, while its page is open: the server closes
  // the stream saying so, and the page keeps nothing of the model, as a reload would show (which
  // a load under way as it ended may have met first: the same words, the same place).
  const ended = error ?? live.problem;
  if (ended)
    return (
      <main className="model-page">
        <p className="fatal" data-testid={ownedId === null ? "share-ended" : "model-error"}>
          <CodeText text={ended} />
        </p>
      </main>
    );
  // The owner's links come with the page, not after it (see useShareList).
  if (!view || (ownedId !== null && shareList.shares === null)) return <p className="loading">Loading the model…</p>;
  const classification = view.dataset?.task !== "regression";
  // An ended run's own status until its replayed history reaches the end (statusWhileReplaying).
  const endedAs = generation === 0 && !LIVE.includes(view.status) ? view.status : null;
  const status = live.tally.lastSeq > 0 ? statusWhileReplaying(live.tally, endedAs) : view.status;
  const results = resultsLoad.state === "loaded" ? resultsLoad.results : null;
  const steps = Math.max(view.metrics.step, live.tally.end?.metrics.step ?? 0);

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
            <QueuePlace ask={() => loadView(source).then((loaded) => ({ place: loaded.queue_position ?? null, waitSeconds: loaded.queue_wait_seconds ?? null }))} every={QUEUE_ASK_MS} />
          </span>
        )}
        {ownedId !== null && (
          <a href={runPagePath(ownedId)} data-testid="model-run-page">
            {status === "queued" ? "Follow it on the run page" : LIVE.includes(status) ? "Training now: follow it on the run page" : "Run page"}
          </a>
        )}
        <OpenInEditor view={view} />
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
          <TryItPanel view={view} source={source} live={LIVE.includes(status)} results={resultsLoad} />
          <ModelDownloads view={view} owned={ownedId !== null} live={LIVE.includes(status)} onMade={() => void loadView(source).then(setView, () => undefined)} />
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
        <RunResult metrics={latestMetrics(live.tally) || view.metrics} classification={classification} live={LIVE.includes(status)} validationErrors={results?.regression} testsSeen={live.tally.testsSeen} />
        <RunCharts tally={live.tally} version={live.version} classification={classification} inputNames={view.dataset?.standardisation?.features ?? null} outputNames={classification ? (view.dataset?.classes ?? null) : null} />
        {results?.classes && results.confusion ? (
          <figure className="chart model-confusion" data-testid="model-confusion">
            <figcaption>Confusion matrix (validation set)</figcaption>
            <ConfusionMatrix classes={results.classes} matrix={results.confusion} />
          </figure>
        ) : null}
      </section>
      {results && <MistakesPanel results={results} featureNames={view.dataset?.standardisation?.features ?? null} canTry={view.has_weights && !view.over_limits} />}
      {/* Last: it comes after the results, then its maps after that, and grows as they do; above the
          training panel it pushed the charts a reader had begun on down by its whole height. */}
      {results?.boundary && view.has_weights && !view.over_limits && <NeuronsPanel source={source} boundary={results.boundary} />}
    </main>
  );
}
