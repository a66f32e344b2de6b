// Upload a CSV, NPZ or ZIP of image folders; the new dataset joins the list and is selected.
import { useEffect, useRef, useState } from "react";
import type { Catalog, DatasetRecord, DatasetSpec } from "../api/types";
import { CodeText } from "../editor/CodeText";
import { KeptFor } from "./runs/KeptFor";
import { guessCsvTarget, missingColumns, namedColumns, namelessNotes, readCsvStart, suggestLeaveOut, textColumns } from "./leaveOut";
import { askingMessage, keptMessage, sendUpload, StillReading } from "./sendUpload";
import { READING, uploadProgressText } from "./uploadProgress";
import { UploadOptionFields, type CsvColumns } from "./UploadOptionFields";
import { UPLOAD_DEFAULTS, type UploadChoices } from "./uploadForm";
import { useFieldProblems } from "./useFieldProblems";
import { useSelectWhenListed } from "./useSelectWhenListed";
import "./datasets.css";

const NO_COLUMNS: CsvColumns = { columns: [], reasons: new Map(), texts: new Map(), notes: [], missing: new Set() };

interface Props {
  datasets: DatasetSpec[];
  /** What the server accepts for each number of the form (the catalogue's upload_bounds). */
  bounds: Catalog["upload_bounds"];
  onAdded: (dataset: DatasetRecord) => void;
  onSelect: (name: string) => void;
}

export function DatasetUpload({ datasets, bounds, onAdded, onSelect }: Props) {
  const [file, setFile] = useState<File | null>(null);
  const [csv, setCsv] = useState<CsvColumns>(NO_COLUMNS);
  const [choices, setChoices] = useState<UploadChoices>(UPLOAD_DEFAULTS);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null); // what the last upload became, or its cancel
  const [sent, setSent] = useState({ sent: 0, total: 0 }); // of the upload under way
  const [asking, setAsking] = useState<string | null>(null); // whether the server kept it, after a cancel or a lost reply
  const sending = useRef<AbortController | null>(null);
  useEffect(() => () => sending.current?.abort(), []); // a page left stops its upload
  const problems = useFieldProblems(); // Upload waits while a number is out of range
  const [inputKey, setInputKey] = useState(0); // a new key empties the file input after an upload
  const kind = file?.name.toLowerCase().split(".").pop() ?? "";
  // The target is never left out: choosing a ticked column as the target unticks it.
  const choose = (change: Partial<UploadChoices>) =>
    setChoices((c) => {
      const next = { ...c, ...change };
      return { ...next, drop: next.drop.filter((column) => column !== next.target) };
    });

  const selectWhenListed = useSelectWhenListed(datasets, onSelect);

  const pick = async (picked: File | null) => {
    setFile(picked);
    setError(null);
    setDone(null);
    const start = picked && picked.name.toLowerCase().endsWith(".csv") ? await readCsvStart(picked) : null;
    if (!start) return setCsv(NO_COLUMNS);
    const target = guessCsvTarget(start);
    const reasons = suggestLeaveOut(start, target);
    setCsv({ columns: namedColumns(start), reasons, texts: textColumns(start), notes: namelessNotes(start), missing: missingColumns(start) });
    choose({ target, drop: [...reasons.keys()] });
  };

  const send = () => {
    if (!file || problems.reason !== null) return;
    setBusy(true);
    setError(null);
    setDone(null);
    setSent({ sent: 0, total: file.size });
    setAsking(null);
    const abort = (sending.current = new AbortController());
    const added = (record: DatasetRecord, said: string) => {
      onAdded(record);
      selectWhenListed(record.name);
      setDone(said);
      setFile(null);
      setInputKey((k) => k + 1);
    };
    let keptAfter: boolean | null = null; // whether a cancel came before the upload was found kept
    sendUpload(file, choices, { onProgress: (sent, total) => setSent({ sent, total }), signal: abort.signal, onKept: (cancelled) => (keptAfter = cancelled), onAsking: (cancelled, whole) => setAsking(askingMessage(cancelled, whole)) })
      .then((record) => added(record, keptAfter === null ? record.help : keptMessage(record, keptAfter)))
      .catch((e: unknown) => {
        if (e instanceof StillReading) return setDone(e.message);
        if (abort.signal.aborted) return setDone("Cancelled: the server keeps nothing of a file cut short. The file is still chosen, to upload again.");
        setError(e instanceof Error ? e.message : String(e));
      })
      .finally(() => {
        if (sending.current === abort) sending.current = null;
        setBusy(false);
        setAsking(null);
      });
  };
  const progress = asking ?? uploadProgressText(sent.sent, sent.total);
  // An upload's end: the Upload button, disabled while it went, had dropped the keyboard's focus
  // to the page's top; it goes to what the upload became, unless the person has moved on since.
  const said = useRef<HTMLParagraphElement | null>(null);
  const wasBusy = useRef(false);
  useEffect(() => {
    if (wasBusy.current && !busy && (document.activeElement === null || document.activeElement === document.body)) said.current?.focus();
    wasBusy.current = busy;
  }, [busy]);

  return (
    <details className="options dataset-upload" data-testid="dataset-upload">
      <summary>Upload dataset</summary>
      <p className="hint">A CSV with a header, an NPZ with arrays x and y, or a ZIP with one folder of images per class.</p>
      <KeptFor testId="upload-kept-for" className="hint" />
      <input key={inputKey} type="file" accept=".csv,.npz,.zip" aria-label="Dataset file (CSV, NPZ or ZIP)" data-testid="upload-file" onChange={(e) => void pick(e.target.files?.[0] ?? null)} />
      <UploadOptionFields kind={kind} csv={csv} choices={choices} choose={choose} bounds={bounds} problems={problems} />
      <div className="train-row">
        <button data-testid="upload-button" disabled={!file || busy || problems.reason !== null} onClick={send}>
          Upload
        </button>
        {/* No live region: its text changes many times a second, which a screen reader would
            read out each time; the progress bar says how far it is when asked. */}
        {busy && (
          <span className="upload-progress" data-testid="upload-progress">
            <progress value={sent.sent} max={sent.total || 1} aria-label="Upload sent" />
            <span data-testid="upload-progress-text">{progress}</span>
            {progress !== READING && !asking && (
              <button type="button" data-testid="upload-cancel" onClick={() => sending.current?.abort()}>
                Cancel
              </button>
            )}
          </span>
        )}
        {problems.reason && (
          <span className="disabled-reason" data-testid="upload-disabled-reason">
            <CodeText text={problems.reason} />
          </span>
        )}
      </div>
      {done && (
        <p className="hint upload-done" role="status" data-testid="upload-done" tabIndex={-1} ref={said}>
          <CodeText text={done} />
        </p>
      )}
      {error && (
        <p className="upload-error" role="alert" data-testid="upload-error" tabIndex={-1} ref={said}>
          <CodeText text={error} />
        </p>
      )}
    </details>
  );
}
