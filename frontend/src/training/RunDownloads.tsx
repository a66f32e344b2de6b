// Links to a finished run's artefacts, each named by the server as every download of the run is.
import { useEffect, useState } from "react";
import { client, runFileUrl, runPath, unwrap } from "../api/client";
import { modelPagePath } from "../api/pages";
import { DatasetFileLink } from "./DatasetFileLink";

export function RunDownloads({ runId }: { runId: string }) {
  // The run's dataset: an upload's file goes beside the script that reads it, while it exists.
  const [dataset, setDataset] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    unwrap(client.GET("/api/runs/{run_id}", runPath(runId))).then(
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
