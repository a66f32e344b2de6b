// Links to a finished run's artefacts, each named by the server as every download of the run is.
import { useEffect, useState } from "react";
import { runFileUrl } from "../api/client";
import { readRun } from "../api/sharedReads";
import { modelPagePath } from "../api/pages";
import { DatasetFileLink } from "./DatasetFileLink";

export function RunDownloads({ runId }: { runId: string }) {
  // The run's dataset: an upload's file goes beside the script that reads it, while it exists.
  const [dataset, setDataset] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    readRun(runId).then(
      (run) => live && setDataset(run.training.dataset),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [runId]);
  return (
    <div className="downloads">
      <a className="button primary" href={modelPagePath(runId)} data-testid="open-model-page">
        Model page: share, export, try it
      </a>
      <a className="button" href={runFileUrl(runId, "weights.safetensors")} download data-testid="download-weights">
        Download weights (.safetensors)
      </a>
      <a className="button" href={runFileUrl(runId, "design.json")} download data-testid="download-run-design">
        Download design (.json)
      </a>
      <a className="button" href={runFileUrl(runId, "code.py")} download data-testid="download-run-code">
        Download training script (.py)
      </a>
      <DatasetFileLink datasetId={dataset} label="Download its dataset" className="button" />
    </div>
  );
}
