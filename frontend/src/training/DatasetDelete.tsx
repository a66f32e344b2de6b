// Deletes the selected upload, after a second click that says what stays.
// As Revoke (ShareLine.tsx): the question takes the focus on its safe answer, Keep it (which
// Escape also gives), and hands it back to Delete this upload… when kept; a deleted upload's
// focus and word are DatasetSettings', as this goes with the upload.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
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
  const question = useId();
  const keep = useRef<HTMLButtonElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const asked = useRef(false); // not the first render: a page that opens gives no focus here
  useEffect(() => {
    if (asking) keep.current?.focus();
    else if (asked.current) button.current?.focus();
    asked.current ||= asking;
  }, [asking]);

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
  const escapeKeeps = (event: KeyboardEvent) => {
    if (event.key !== "Escape" || busy) return;
    event.preventDefault();
    setAsking(false);
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
        <button className="link-button" data-testid="delete-dataset" onClick={() => setAsking(true)} ref={button}>
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
