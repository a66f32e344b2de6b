// A model's downloads: its files (weights, exports, bundle), its training script, and for its
// owner the dataset file that script reads.
import type { ModelView } from "../api/types";
import { DatasetFileLink } from "../training/DatasetFileLink";
import { DownloadLink } from "./DownloadLink";
import { OnnxDownload } from "./OnnxDownload";

/** The run as a plain PyTorch script (its Net, data and loop), which the run's page downloads too,
 * as does a share link's visitor. */
const trainingScript = (url: string): ModelView["files"][number] => ({ name: "code.py", title: "Training script (.py)", url, size: null, unavailable: null });

/** `owned`: the owner's page, not a share link's; `live`: the run still trains; `onMade`: a
 * download made its file on the server, and the files' sizes are read again (the bundle made the
 * TorchScript file too, whose row said "made on first download" until a reload: an audit). */
export function ModelDownloads({ view, owned, live, onMade }: { view: ModelView; owned: boolean; live: boolean; onMade: () => void }) {
  return (
    <section className="panel" aria-label="Downloads">
      <h2>Downloads</h2>
      {view.damaged && (
        <p className="design-error" role="alert" data-testid="weights-damaged">
          {view.damaged}
        </p>
      )}
      <ul className="file-list" data-testid="model-files">
        {view.files.map((f) => (
          <li key={f.name}>{f.name === "model.onnx" ? <OnnxDownload file={f} opsets={view.onnx_opsets ?? []} /> : <DownloadLink file={f} onMade={onMade} />}</li>
        ))}
        {view.files.length > 0 && (
          <li>
            <DownloadLink file={trainingScript(view.script_url)} askSize />
          </li>
        )}
        {/* The file that script reads, for the upload's owner (a HEAD asks the server) */}
        {owned && view.files.length > 0 && (
          <li>
            <DatasetFileLink datasetId={view.training.dataset} label="Its dataset" className="button" sizeApart />
          </li>
        )}
      </ul>
      {view.files.length === 0 && (
        <p className="muted" data-testid="files-none">
          {live ? "Its files come once it has weights: when it ends, or is stopped." : "Nothing to download: this run saved no weights."}
        </p>
      )}
      {view.files.some((f) => f.unavailable) && (
        <p className="muted" data-testid="files-over-limits">
          The exports and the bundle are made by running the model, which this server will not do (see Try it). The
          weights and the design download as they are.
        </p>
      )}
    </section>
  );
}
