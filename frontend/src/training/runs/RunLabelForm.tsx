// Rename a run and write a note on it: saved on the server (PATCH /api/runs/{id}), owner only.
// Escape cancels, as it closes a dialog; where the focus goes after is the row's (RunRow).
import { useState, type FormEvent, type KeyboardEvent } from "react";
import { client, runPath, unwrap } from "../../api/client";
import type { RunInfo } from "../../api/types";
import { CodeText } from "../../editor/CodeText";

interface Props {
  run: RunInfo;
  onSaved: (run: RunInfo) => void;
  onClose: () => void;
}

export function RunLabelForm({ run, onSaved, onClose }: Props) {
  const [opened] = useState({ name: run.name ?? run.design.name, note: run.note ?? "" });
  const [name, setName] = useState(opened.name);
  const [note, setNote] = useState(opened.note);
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const save = (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    // Only what was changed here: another tab may have set the other field since the form opened,
    // and a field left out stays on the server (a rename sent the old empty note and wiped one).
    const body: { name?: string | null; note?: string } = {};
    // The design's own name is no rename: keep the name null so it follows the design.
    if (name.trim() !== opened.name.trim()) body.name = name.trim() === run.design.name ? null : name;
    if (note !== opened.note) body.note = note;
    unwrap(client.PATCH("/api/runs/{run_id}", { ...runPath(run.id), body })).then(
      (saved) => {
        onSaved(saved as RunInfo);
        onClose();
      },
      (e: unknown) => {
        setProblem(e instanceof Error ? e.message : String(e));
        setSaving(false);
      },
    );
  };

  const escapeCancels = (event: KeyboardEvent) => {
    if (event.key !== "Escape") return;
    event.preventDefault();
    onClose();
  };

  return (
    <form className="run-label-form" data-testid={`label-form-${run.id}`} onSubmit={save} onKeyDown={escapeCancels}>
      <label>
        Name
        <input data-testid="run-name-input" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} autoFocus />
      </label>
      <label>
        Note
        <textarea data-testid="run-note-input" value={note} maxLength={5000} rows={2} onChange={(e) => setNote(e.target.value)} />
      </label>
      {problem && (
        <p className="design-error" role="alert" data-testid="run-label-error">
          <CodeText text={problem} />
        </p>
      )}
      <div className="run-label-buttons">
        <button type="submit" className="primary" disabled={saving} data-testid="run-label-save">
          Save
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}
