// Links to a finished run's artefacts, each named by the server as every download of the run is.
import { runFileUrl } from "../api/client";
import { modelPagePath } from "../api/pages";

export function RunDownloads({ runId }: { runId: string }) {
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
    </div>
  );
}
