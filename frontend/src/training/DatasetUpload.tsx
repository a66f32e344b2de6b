// Upload a CSV, NPZ or ZIP of image folders; the new dataset joins the list and is selected.
import { useEffect, useState } from "react";
import { client, unwrap } from "../api/client";
import type { DatasetRecord, DatasetSpec } from "../api/types";
import { guessTarget, readCsvHeader, uploadForm, type UploadChoices } from "./uploadForm";
import "./datasets.css";

interface Props {
  datasets: DatasetSpec[];
  onAdded: (dataset: DatasetRecord) => void;
  onSelect: (name: string) => void;
}

const START: UploadChoices = { target: "", task: "auto", valFraction: 0.2, imageSize: 28, color: "grayscale" };

export function DatasetUpload({ datasets, onAdded, onSelect }: Props) {
  const [file, setFile] = useState<File | null>(null);
  const [columns, setColumns] = useState<string[]>([]);
  const [choices, setChoices] = useState<UploadChoices>(START);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<string | null>(null);
  const [inputKey, setInputKey] = useState(0); // a new key empties the file input after an upload
  const kind = file?.name.toLowerCase().split(".").pop() ?? "";
  const choose = (change: Partial<UploadChoices>) => setChoices((c) => ({ ...c, ...change }));

  // Select the upload once the list holds it, so that the loss and input shape follow it.
  useEffect(() => {
    if (pending && datasets.some((d) => d.name === pending)) {
      onSelect(pending);
      setPending(null);
    }
  }, [pending, datasets, onSelect]);

  const pick = async (picked: File | null) => {
    setFile(picked);
    setError(null);
    const header = picked && picked.name.toLowerCase().endsWith(".csv") ? await readCsvHeader(picked) : [];
    setColumns(header);
    choose({ target: guessTarget(header) });
  };

  const send = () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    const form = uploadForm(file, choices);
    // The schema types the binary part as a string; the FormData carries the File itself.
    const body = { file: file.name, task: choices.task, val_fraction: choices.valFraction };
    unwrap(client.POST("/api/datasets", { body, bodySerializer: () => form }))
      .then((record) => {
        onAdded(record);
        setPending(record.name);
        setFile(null);
        setInputKey((k) => k + 1);
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setBusy(false));
  };

  return (
    <details className="options dataset-upload" data-testid="dataset-upload">
      <summary>Upload dataset</summary>
      <p className="hint">A CSV with a header, an NPZ with arrays x and y, or a ZIP with one folder of images per class.</p>
      <input key={inputKey} type="file" accept=".csv,.npz,.zip" data-testid="upload-file" onChange={(e) => void pick(e.target.files?.[0] ?? null)} />
      {kind === "csv" && (
        <label className="field">
          <span>Target column</span>
          <select data-testid="upload-target" value={choices.target} onChange={(e) => choose({ target: e.target.value })}>
            {columns.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
      )}
      {kind === "zip" && (
        <div className="field-row">
          <label className="field">
            <span>Image size</span>
            <input type="number" min={4} max={128} value={choices.imageSize} onChange={(e) => choose({ imageSize: Number(e.target.value) })} />
          </label>
          <label className="field">
            <span>Colour</span>
            <select value={choices.color} onChange={(e) => choose({ color: e.target.value as UploadChoices["color"] })}>
              <option value="grayscale">grayscale</option>
              <option value="rgb">RGB</option>
            </select>
          </label>
        </div>
      )}
      <div className="field-row">
        <label className="field">
          <span>Task</span>
          <select data-testid="upload-task" value={choices.task} onChange={(e) => choose({ task: e.target.value as UploadChoices["task"] })}>
            <option value="auto">guess from the target</option>
            <option value="classification">classification</option>
            <option value="regression">regression</option>
          </select>
        </label>
        <label className="field" title="Share of samples kept for validation (0.05–0.5), split once with a fixed seed">
          <span>Validation share</span>
          <input type="number" data-testid="upload-val-fraction" min={0.05} max={0.5} step={0.05} value={choices.valFraction} onChange={(e) => choose({ valFraction: Number(e.target.value) })} />
        </label>
      </div>
      <button data-testid="upload-button" disabled={!file || busy} onClick={send}>
        {busy ? "Uploading…" : "Upload"}
      </button>
      {error && (
        <p className="upload-error" role="alert" data-testid="upload-error">
          {error}
        </p>
      )}
    </details>
  );
}
