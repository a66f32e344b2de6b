// The dialog's body: the dataset's name and picture size, its classes, and Create dataset, which
// waits, with the reason beside it, until the server would take what is there.
import { useEffect, useState } from "react";
import type { Catalog, DatasetRecord } from "../../api/types";
import { ClassCard } from "./ClassCard";
import { imageSetProblem } from "./imageSet";
import { pictureFromFile } from "../pictures/pictures";
import { useCreateImageSet, type ImageSetChoices } from "./useCreateImageSet";
import { useImageSet } from "./useImageSet";
import { imageSetDraft } from "./draftStore";
import { DraftNote } from "./DraftNote";
import { withSkipped, withoutClass, type SkippedFiles } from "./skippedFiles";
import { UPLOAD_DEFAULTS } from "../uploadForm";
import { CodeText } from "../../editor/CodeText";

interface Props {
  catalog: Pick<Catalog, "upload_bounds" | "upload_limits">;
  /** Whether the dialog shows: a closed one keeps its pictures, but not its camera. */
  open: boolean;
  onCreated: (record: DatasetRecord) => void;
  onCancel: () => void;
}

const SIZES = [16, 28, 32, 48, 64, 96, 128, 224, 256];
const VAL_SHARES = [0.1, 0.2, 0.3, 0.4, 0.5];
const FILES_AT_A_TIME = 16; // decoded together, then shown, so a thousand photos do not all sit in memory

export function ImageSetForm({ catalog, open, onCreated, onCancel }: Props) {
  const bounds = catalog.upload_bounds.image_size;
  const sizes = SIZES.filter((s) => s >= (bounds?.min ?? 0) && s <= (bounds?.max ?? Infinity));
  const keepSide = sizes[sizes.length - 1] ?? 32; // pictures are kept at the largest size, made smaller when sent
  const set = useImageSet();
  const limits = catalog.upload_limits;
  const creating = useCreateImageSet(limits);
  const valBounds = catalog.upload_bounds.val_fraction;
  const valShares = VAL_SHARES.filter((s) => s >= (valBounds?.min ?? 0) && s <= (valBounds?.max ?? 1));
  // What was chosen before, kept with the pictures, where these limits still offer it.
  const kept = set.choices;
  const choices: ImageSetChoices = {
    name: kept.name ?? "",
    size: kept.size !== undefined && sizes.includes(kept.size) ? kept.size : sizes.includes(32) ? 32 : keepSide,
    color: kept.color ?? "rgb",
    valFraction: kept.valFraction !== undefined && valShares.includes(kept.valFraction) ? kept.valFraction : UPLOAD_DEFAULTS.valFraction,
  };
  const [webcamFor, setWebcamFor] = useState<number | null>(null);
  const [skipped, setSkipped] = useState<SkippedFiles>(new Map());
  useEffect(() => {
    if (!open) setWebcamFor(null);
  }, [open]);
  useEffect(() => void imageSetDraft.restore({ maxPictures: limits.max_files, maxBytes: limits.max_file_bytes }), [limits]);
  const choose = set.choose;
  const counts = set.classes.map((c) => ({ name: c.name, count: c.pictures.length }));
  const problem = imageSetProblem(choices.name, counts, choices.size, catalog.upload_limits);
  const busy = creating.progress !== null;

  const addFiles = async (classId: number, files: File[]) => {
    const unread: string[] = [];
    for (let at = 0; at < files.length; at += FILES_AT_A_TIME) {
      const batch = files.slice(at, at + FILES_AT_A_TIME);
      const made = await Promise.all(batch.map((file) => pictureFromFile(file, keepSide)));
      batch.forEach((file, i) => made[i] === null && unread.push(file.name));
      set.addPictures(classId, made.filter((m): m is Blob => m !== null));
    }
    setSkipped((all) => withSkipped(all, classId, unread));
  };
  const removeClass = (classId: number) => {
    set.removeClass(classId);
    setSkipped((all) => withoutClass(all, classId));
  };
  const create = async () => {
    const record = await creating.create(choices, set.classes);
    if (!record) return;
    set.markMade(choices.name.trim(), counts.reduce((sum, c) => sum + c.count, 0));
    setSkipped(new Map());
    setWebcamFor(null);
    onCreated(record);
  };

  if (!set.restored) return <p className="hint" role="status">Reading the pictures this browser kept…</p>;
  return (
    <>
      <DraftNote set={set} busy={busy} />
      <div className="field-row">
        <label className="field make-name">
          <span>Dataset name</span>
          <input value={choices.name} placeholder="e.g. hand signs" onChange={(e) => choose({ name: e.target.value })} data-testid="make-name" />
        </label>
        <label className="field">
          <span>Picture size</span>
          <select aria-label="Picture size" value={choices.size} onChange={(e) => choose({ size: Number(e.target.value) })} data-testid="make-size">
            {sizes.map((s) => (
              <option key={s} value={s}>{`${s}×${s}`}</option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Colour</span>
          <select aria-label="Colour" value={choices.color} onChange={(e) => choose({ color: e.target.value as ImageSetChoices["color"] })} data-testid="make-color">
            <option value="rgb">colour</option>
            <option value="grayscale">grey</option>
          </select>
        </label>
        <label className="field" title="The share of each class's pictures kept aside: the model never trains on them, so its accuracy on them says how it does on pictures it has not seen.">
          <span>Validation</span>
          <select aria-label="Validation" value={choices.valFraction} onChange={(e) => choose({ valFraction: Number(e.target.value) })} data-testid="make-val-share">
            {valShares.map((s) => (
              <option key={s} value={s}>{`${Math.round(s * 100)} %`}</option>
            ))}
          </select>
        </label>
      </div>
      <div className="class-grid">
        {set.classes.map((c, i) => (
          <ClassCard
            key={c.id}
            draft={c}
            position={i + 1}
            grey={choices.color === "grayscale"}
            webcamOpen={webcamFor === c.id}
            side={keepSide}
            canRemove={!busy}
            onRename={(name) => set.rename(c.id, name)}
            onRemove={() => removeClass(c.id)}
            skipped={skipped.get(c.id) ?? []}
            onDismissSkipped={() => setSkipped((all) => withoutClass(all, c.id))}
            onFiles={(files) => void addFiles(c.id, files)}
            onFrames={(frames) => set.addPictures(c.id, frames)}
            onRemovePicture={(pictureId) => set.removePicture(c.id, pictureId)}
            onWebcam={(open) => setWebcamFor(open ? c.id : null)}
          />
        ))}
        <button type="button" className="add-class" onClick={set.addClass} data-testid="make-add-class">
          + Add a class
        </button>
      </div>
      {creating.error && (
        <p className="upload-error" role="alert" data-testid="make-error">
          <CodeText text={creating.error} />
        </p>
      )}
      <div className="make-actions">
        <span className={busy ? "make-progress" : "disabled-reason"} role="status" data-testid="make-reason">
          {creating.progress ?? (problem && <CodeText text={problem} />)}
        </span>
        <button type="button" onClick={onCancel} data-testid="make-cancel">
          Close
        </button>
        <button type="button" className="primary" disabled={problem !== null || busy} onClick={() => void create()} data-testid="make-create">
          Create dataset
        </button>
      </div>
    </>
  );
}
