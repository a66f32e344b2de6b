// Deletes the selected upload, after a second click that says what stays.
// The question holds the focus as useConfirm.ts says; a deleted upload's focus and word are
// DatasetSettings', as this goes with the upload.
import { useId, useState } from "react";
import type { DatasetSpec } from "../api/types";
import { client, unwrap } from "../api/client";
import "./datasets.css";
import { CodeText } from "../editor/CodeText";
import { useConfirm } from "../editor/useConfirm";

interface Props {
  dataset: DatasetSpec;
  onDeleted: (name: string) => void;
}

export function DatasetDelete({ dataset, onDeleted }: Props) {
  const [busy, setBusy] = useState(false);
  const { asking, setAsking, keep, ask, escapeKeeps } = useConfirm(busy);
  const [error, setError] = useState<string | null>(null);
  const question = useId();

  const remove = () => {
    if (busy) return; // aria-disabled, not disabled: the focused button keeps the focus meanwhile
    setBusy(true);
    setError(null);
    unwrap(client.DELETE("/api/datasets/{dataset_id}", { params: { path: { dataset_id: dataset.name } } })).then(
      () => onDeleted(dataset.name),
      (e: unknown) => {
        setError(e instanceof Error ? e.message : String(e));
        setBusy(false);
        setAsking(false);
      },
    );
  };

  return (
    <div className="dataset-delete">
      {asking ? (
        <p className="confirm" role="group" aria-labelledby={question} onKeyDown={escapeKeeps} data-testid="delete-dataset-confirm">
          <span id={question}>Delete “{dataset.title}” from the server? Runs that trained on it keep their weights and results.</span>{" "}
          <button className="danger" data-testid="delete-dataset-yes" aria-disabled={busy} onClick={remove}>
            {busy ? "Deleting…" : "Delete"}
          </button>{" "}
          <button data-testid="delete-dataset-no" aria-disabled={busy} onClick={() => busy || setAsking(false)} ref={keep}>
            Keep it
          </button>
        </p>
      ) : (
        <button className="link-button" data-testid="delete-dataset" onClick={() => setAsking(true)} ref={ask}>
          Delete this upload…
        </button>
      )}
      {error && (
        <p className="error" role="alert" data-testid="delete-dataset-error">
          <CodeText text={error} />
        </p>
      )}
    </div>
  );
}
