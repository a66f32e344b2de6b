// Renames the selected upload (its title): the dataset list, the runs table and its filter then
// show the new one. Two uploads of one file read alike until one is renamed.
import { useState } from "react";
import type { DatasetRecord, DatasetSpec } from "../api/types";
import { client, unwrap } from "../api/client";
import { CodeText } from "../editor/CodeText";
import "./datasets.css";

/** As the server bounds an upload's title (training/data/upload_options.py). */
const MAX_TITLE = 100;

interface Props {
  dataset: DatasetSpec;
  onRenamed: (dataset: DatasetRecord) => void;
}

export function DatasetRename({ dataset, onRenamed }: Props) {
  const [title, setTitle] = useState<string | null>(null); // null: not renaming
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const save = () => {
    if (title === null) return;
    setBusy(true);
    setError(null);
    unwrap(client.PATCH("/api/datasets/{dataset_id}", { params: { path: { dataset_id: dataset.name } }, body: { title } })).then(
      (record) => {
        setBusy(false);
        setTitle(null);
        onRenamed(record);
      },
      (e: unknown) => {
        setBusy(false);
        setError(e instanceof Error ? e.message : String(e));
      },
    );
  };
  const close = () => {
    setTitle(null);
    setError(null);
  };

  return (
    <div className="dataset-rename">
      {title === null ? (
        <button type="button" className="link-button" data-testid="rename-dataset" onClick={() => setTitle(dataset.title)}>
          Rename this upload…
        </button>
      ) : (
        <form
          className="dataset-rename-form"
          onSubmit={(e) => {
            e.preventDefault();
            save();
          }}
          onKeyDown={(e) => e.key === "Escape" && close()}
        >
          <label>
            <span>New name</span>
            <input data-testid="rename-dataset-title" value={title} maxLength={MAX_TITLE} autoFocus disabled={busy} onChange={(e) => (setTitle(e.target.value), setError(null))} />
          </label>
          <button type="submit" data-testid="rename-dataset-save" disabled={busy || !title.trim()}>
            {busy ? "Saving…" : "Save"}
          </button>
          <button type="button" data-testid="rename-dataset-cancel" disabled={busy} onClick={close}>
            Cancel
          </button>
        </form>
      )}
      {error && (
        <p className="error" role="alert" data-testid="rename-dataset-error">
          <CodeText text={error} />
        </p>
      )}
    </div>
  );
}
