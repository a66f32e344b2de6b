// A run's own page (/runs/<id>): its whole history on open, then live, with its controls.
// A reload or a link brings back exactly this.
import { useCallback, useEffect, useState } from "react";
import { client, runPath, unwrap } from "../api/client";
import { modelPagePath } from "../api/pages";
import type { ModelView, RunInfo } from "../api/types";
import { designLink } from "../editor/designLink";
import { readRun } from "../api/sharedReads";
import { useShownAgain } from "../api/useShownAgain";
import { RunDashboard } from "./RunDashboard";
import { RunSettings } from "./RunSettings";
import { currentRate, withRatesSet } from "./continueRate";
import { augmentationText } from "./augmentations";
import { optionsText } from "./planeOptions";
import { dropEarly, openEarly } from "./runStream";
import { pageTitle, usePageTitle } from "../api/pageTitle";
import { HandIn } from "./handin/HandIn";
import { PreviousPick } from "./previous/PreviousPick";
import { usePreviousRun } from "./previous/usePreviousRun";
import { ChallengeResult } from "./challenges/ChallengeResult";
import { DamagedRunNotice } from "./DamagedRunNotice";

const ENDED: ModelView["status"][] = ["succeeded", "failed", "cancelled"];
const RELOAD_MS = 3000;

export function RunPage({ runId }: { runId: string }) {
  const [view, setView] = useState<ModelView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [run, setRun] = useState<RunInfo | null>(null);
  const [continued, setContinued] = useState(0); // times it went on while open
  const [reread, setReread] = useState(0); // times its page got back in touch with the server

  // The events start now, while the run's page loads: the dashboard takes the stream over.
  useEffect(() => {
    openEarly(runId);
    return () => dropEarly(runId);
  }, [runId]);

  const [tries, setTries] = useState(0); // loads of the run: again while the server is out of reach
  useEffect(() => {
    unwrap(client.GET("/api/models/{run_id}", runPath(runId))).then(
      (loaded) => (setView(loaded as ModelView), setError(null)), // Readable<> widens the design's edge tuples
      (e: unknown) => setError(e ?? "The run could not be loaded."),
    );
  }, [runId, tries]);
  // No answer at all (offline, the server restarting): asked again every few seconds and as soon
  // as the browser is back online. The page said "Failed to fetch" for good, and one who had just
  // pressed Train went back and pressed it again (a review).
  const unreachable = error instanceof TypeError;
  useEffect(() => {
    if (!unreachable) return;
    const again = () => setTries((n) => n + 1);
    const timer = window.setInterval(again, RELOAD_MS);
    window.addEventListener("online", again);
    return () => (window.clearInterval(timer), window.removeEventListener("online", again));
  }, [unreachable]);

  // The name and note its owner gave it on the runs page, if any, and its settings: again once it
  // is continued, for its new number of epochs, and once the page is back in touch after losing
  // it (a server restarted meanwhile leaves a paused run without its worker: worker_gone), and
  // each time the tab is shown again (renamed in another tab).
  const [shown, setShown] = useState(0);
  useShownAgain(useCallback(() => setShown((n) => n + 1), []));
  useEffect(() => {
    readRun(runId, continued + reread + shown > 0 ? 0 : undefined).then(setRun, () => undefined); // the model view above reports a missing run
  }, [runId, continued, reread, shown]);
  usePageTitle(pageTitle(run?.name ?? view?.design.name, "Run"));
  const compare = usePreviousRun(runId, run);

  if (error) return <DamagedRunNotice runId={runId} error={error} />;
  if (!view) return <p className="loading">Loading the run…</p>;

  const openInEditor = async () => {
    // This run, the one the next run of the design is compared with (Run.based_on).
    const link = new URL(await designLink(view.design, view.training.dataset, null, view.training, view.dataset?.title ?? null, runId));
    window.location.assign(`/${link.hash}`);
  };
  const modelPage = view.training.range_test ? undefined : modelPagePath(runId); // a range test keeps none
  const actions = (
    <>
      <button onClick={() => void openInEditor()} data-testid="run-open-in-editor">
        Open in editor
      </button>
      {/* A range test keeps no model to hand in: its class would see no trained network. */}
      {!view.training.range_test && <HandIn runId={runId} />}
    </>
  );
  return (
    <main className="run-page">
      <ChallengeResult key={continued} runId={runId} />
      <RunDashboard
        runId={runId}
        designName={view.design.name || "design"}
        title={run?.name ?? null}
        note={run?.note ?? null}
        settings={run ? (rates, tense) => <RunSettings run={withRatesSet(run, rates)} plane={Boolean(view.dataset?.plane)} tense={tense} /> : null}
        onContinued={() => setContinued((c) => c + 1)}
        onBackInTouch={() => setReread((r) => r + 1)}
        augmented={augmentationText(view.training.augmentations)}
        dataOptions={optionsText(view.training.dataset_options)}
        classification={view.dataset?.task !== "regression"}
        classes={view.dataset?.classes?.length ?? 0}
        outputs={view.dataset ? view.dataset.target_shape.reduce((a, b) => a * b, 1) : 0}
        featureNames={view.dataset?.standardisation?.features ?? null}
        classNames={view.dataset?.classes ?? null}
        rangeTest={view.training.range_test != null}
        workerGone={run?.worker_gone ?? false}
        schedule={view.training.scheduler ?? null}
        rate={run && currentRate(run)}
        endedAs={ENDED.includes(view.status) ? view.status : null}
        queuedAtStep={run?.status === "queued" ? run.metrics.step : null}
        actions={actions}
        modelPage={modelPage}
        onOpenInEditor={() => void openInEditor()}
        previous={compare.previous}
        previousPick={!view.training.range_test && <PreviousPick compare={compare} />}
        copiedAt={run?.copied_at ?? null}
        original={run?.based_on ?? null}
      />
    </main>
  );
}
