// Links to a finished run's artefacts.
import { runFileUrl } from "../api/client";
import { modelPagePath } from "../api/pages";

export function RunDownloads({ runId, designName }: { runId: string; designName: string }) {
  return (
    <div className="downloads">
      <a className="button primary" href={modelPagePath(runId)} data-testid="open-model-page">
        Model page: share, export, try it
      </a>
      <a className="button" href={runFileUrl(runId, "weights.safetensors")} download={`${designName}.safetensors`} data-testid="download-weights">
        Download weights (.safetensors)
      </a>
      <a className="button" href={runFileUrl(runId, "design.json")} download={`${designName}.json`} data-testid="download-run-design">
        Download design (.json)
      </a>
      <a className="button" href={runFileUrl(runId, "code.py")} download={`${designName}.py`} data-testid="download-run-code">
        Download code (.py)
      </a>
    </div>
  );
}
