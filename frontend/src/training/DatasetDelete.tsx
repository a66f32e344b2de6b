// Deletes the selected upload, after a second click that says what stays.
import { useState } from "react";
import type { DatasetSpec } from "../api/types";
import { client, unwrap } from "../api/client";
import "./datasets.css";
import { CodeText } from "../editor/CodeText";

interface Props {
  dataset: DatasetSpec;
  onDeleted: (name: string) => void;
}

export function DatasetDelete({ dataset, onDeleted }: Props) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const remove = () => {
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
        <p className="confirm" data-testid="delete-dataset-confirm">
          Delete “{dataset.title}” from the server? Runs that trained on it keep their weights and results.{" "}
          <button className="danger" data-testid="delete-dataset-yes" disabled={busy} onClick={remove}>
            {busy ? "Deleting…" : "Delete"}
          </button>{" "}
          <button data-testid="delete-dataset-no" disabled={busy} onClick={() => setAsking(false)}>
            Keep it
          </button>
        </p>
      ) : (
        <button className="link-button" data-testid="delete-dataset" onClick={() => setAsking(true)}>
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
