// Handing a run in to a class (its owner, on the run's page): the class's code and the student's
// name make a share link of the run that the teacher's class page lists. The classes it is handed
// in to are listed, each to take back (its link revoked).
import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { client, runPath, unwrap } from "../../api/client";
import type { HandIn as HandInRecord } from "../../api/types";
import "./handIn.css";

const NAME_KEPT = "torchcanvas.studentName"; // the name typed last, offered again next time

export function HandIn({ runId }: { runId: string }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [code, setCode] = useState("");
  const [name, setName] = useState(() => localStorage.getItem(NAME_KEPT) ?? "");
  const [handed, setHanded] = useState<HandInRecord[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fail = (e: unknown) => setError(e instanceof Error ? e.message : String(e));

  const reload = useCallback(() => unwrap(client.GET("/api/runs/{run_id}/hand-ins", runPath(runId))).then(setHanded, () => undefined), [runId]);
  useEffect(() => void reload(), [reload]);

  const open = () => {
    setError(null);
    setDone(null);
    void reload();
    dialog.current?.showModal();
  };
  const send = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setDone(null);
    setBusy(true);
    const body = { code, student_name: name };
    unwrap(client.POST("/api/runs/{run_id}/hand-in", { ...runPath(runId), body }))
      .then((entry) => {
        localStorage.setItem(NAME_KEPT, entry.student_name);
        // The list below names the class and the name it went under: said once there.
        setDone("Sent: your teacher sees this run, live, on their class page.");
        setCode("");
        return reload();
      }, fail)
      .finally(() => setBusy(false));
  };
  const takeBack = (shareId: string) =>
    unwrap(client.DELETE("/api/runs/{run_id}/shares/{share_id}", { params: { path: { run_id: runId, share_id: shareId } } })).then(() => {
      setDone(null);
      return reload();
    }, fail);

  return (
    <>
      <button onClick={open} data-testid="hand-in-open">
        Hand in to a class{handed.length > 0 && ` (${handed.length})`}
      </button>
      <dialog ref={dialog} className="hand-in" aria-labelledby="hand-in-title" data-testid="hand-in-dialog">
        <h3 id="hand-in-title">Hand in to a class</h3>
        <p className="muted">Your teacher sees this run on their class page, with your name, and opens it by a share link.</p>
        <form onSubmit={send} className="hand-in-form">
          <label>
            <span>Class code</span>
            <input value={code} onChange={(e) => setCode(e.target.value)} maxLength={32} autoComplete="off" autoCapitalize="characters" spellCheck={false} required data-testid="hand-in-code" />
          </label>
          <label>
            <span>Your name</span>
            <input value={name} onChange={(e) => setName(e.target.value)} maxLength={60} autoComplete="name" required data-testid="hand-in-name" />
          </label>
          <div className="hand-in-buttons">
            <button type="submit" disabled={busy} data-testid="hand-in-send">
              Hand in
            </button>
            <button type="button" onClick={() => dialog.current?.close()} data-testid="hand-in-close">
              Close
            </button>
          </div>
        </form>
        {error && (
          <p className="design-error" role="alert" data-testid="hand-in-error">
            {error}
          </p>
        )}
        {done && (
          <p className="hand-in-done" role="status" data-testid="hand-in-done">
            {done}
          </p>
        )}
        {handed.length > 0 && (
          <ul className="hand-in-list" aria-label="Handed in to" data-testid="hand-in-list">
            {handed.map((h) => (
              <li key={h.share_id}>
                <span>
                  Handed in to <strong>{h.class_name}</strong> as {h.student_name}
                </span>{" "}
                <button type="button" onClick={() => void takeBack(h.share_id)} data-testid="hand-in-take-back">
                  Take back
                </button>
              </li>
            ))}
          </ul>
        )}
      </dialog>
    </>
  );
}
