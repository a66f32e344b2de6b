// A run's challenge verdict, as it trains and once it ends: the run read again every second and a
// half until it ends, its design's parameters counted by the server's check, its 2-D set's noise
// and share held against the set's own from the catalogue.
import { useEffect, useState } from "react";
import { client, unwrap } from "../../api/client";
import { readCatalog, readRun } from "../../api/sharedReads";
import type { RunInfo } from "../../api/types";
import { checkAttempt, type PlaneOwn, type Verdict } from "./challengeCheck";
import { challengeById, type Challenge } from "./challenges";
import { markMet, runChallenge } from "./challengeStore";

const POLL_MS = 1500;
const ENDED = new Set(["succeeded", "failed", "cancelled"]);

export function useRunChallenge(runId: string): { challenge: Challenge | null; verdict: Verdict | null } {
  const [challenge] = useState(() => challengeById(runChallenge(runId)));
  const [run, setRun] = useState<RunInfo | null>(null);
  const [params, setParams] = useState<number | null>(null);
  const [own, setOwn] = useState<PlaneOwn | null>(null); // the challenge's set's own noise and share

  useEffect(() => {
    if (!challenge) return;
    let live = true;
    let timer: number | undefined;
    const load = () =>
      readCatalog().then(
        (catalog) => live && setOwn(catalog.datasets.find((d) => d.name === challenge.dataset)?.plane ?? null),
        () => live && (timer = window.setTimeout(load, POLL_MS * 4)), // a run that set them stays unmet until known
      );
    load();
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [challenge]);

  useEffect(() => {
    if (!challenge) return;
    let timer: number | undefined;
    let live = true;
    // Each read asks anew: one shared with the page's went by an answer from before a Continue
    // (under 2 s old, the run ended), and the banner kept the old end's verdict while it trained.
    const poll = () => {
      readRun(runId, 0).then(
        (loaded) => {
          if (!live) return;
          setRun(loaded);
          if (!ENDED.has(loaded.status)) timer = window.setTimeout(poll, POLL_MS);
        },
        () => live && (timer = window.setTimeout(poll, POLL_MS * 4)),
      );
    };
    poll();
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [challenge, runId]);

  const designText = run ? JSON.stringify(run.design) : null; // steady while the run trains
  useEffect(() => {
    if (!designText) return;
    const design = JSON.parse(designText) as RunInfo["design"];
    unwrap(client.POST("/api/designs/validate", { body: { design, batch_size: 1 } })).then(
      (result) => setParams(result.total_params),
      () => undefined, // no count: a parameter budget stays unjudged
    );
  }, [designText]);

  const verdict = challenge && run
    ? checkAttempt(challenge, { status: run.status, dataset: run.training.dataset, valAccuracy: run.metrics.val_accuracy ?? null, design: run.design, totalParams: params, plane: { set: run.training.dataset_options ?? null, own } })
    : null;
  const met = Boolean(verdict?.met);
  useEffect(() => {
    if (met && challenge) markMet(challenge.id);
  }, [met, challenge]);
  return { challenge, verdict };
}
