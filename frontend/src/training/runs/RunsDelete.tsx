// Deletes the ticked runs, after asking: each with its weights, files, events and share links.
// A run still training cannot go; the button says so instead of failing on it.
// The question holds the focus as useConfirm.ts says; once deleted, the focus goes to the button
// if runs are still ticked, else to `after` (the page's heading), and the page's status line says
// what went.
import { useId, useState, type RefObject } from "react";
import { client, runPath, unwrap } from "../../api/client";
import type { RunInfo } from "../../api/types";
import { isLive, runName } from "./runList";
import { CodeText } from "../../editor/CodeText";
import { useConfirm } from "../../editor/useConfirm";

interface Props {
  ticked: RunInfo[];
  /** The ids the server deleted, to drop from the list and the comparison, and the word to say
   * ("Deleted 2 runs."): the page says it, as this goes when the last runs do. */
  onDeleted: (ids: string[], said: string) => void;
  /** Where the focus goes when the delete button leaves with the runs it deleted. */
  after: RefObject<HTMLElement | null>;
}

const runs = (n: number) => `${n} run${n === 1 ? "" : "s"}`;
/** The runs' names and ids, the first five: the ticked rows may be out of sight. */
const named = (list: RunInfo[]) =>
  list
    .slice(0, 5)
    .map((run) => `${runName(run)} · ${run.id.slice(0, 6)}`) // names repeat: the id's start tells them apart
    .join(", ") + (list.length > 5 ? `, and ${list.length - 5} more` : "");

export function RunsDelete({ ticked, onDeleted, after }: Props) {
  const [busy, setBusy] = useState(false);
  const { asking, setAsking, keep, ask, escapeKeeps } = useConfirm(busy, after);
  const [problem, setProblem] = useState<string | null>(null);
  const question = useId();
  const ended = ticked.filter((run) => !isLive(run));
  const live = ticked.length - ended.length;

  const remove = async () => {
    if (busy) return; // aria-disabled, not disabled: the focused button keeps the focus meanwhile
    setBusy(true);
    const failed: string[] = [];
    const gone: string[] = [];
    for (const run of ended) {
      try {
        await unwrap(client.DELETE("/api/runs/{run_id}", runPath(run.id)));
        gone.push(run.id);
      } catch (e: unknown) {
        failed.push(`${runName(run)}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    setBusy(false);
    setAsking(false);
    setProblem(failed.length ? `Not deleted: ${failed.join("; ")}` : null);
    onDeleted(gone, gone.length ? `Deleted ${runs(gone.length)}.` : "");
  };

  return (
    <div className="runs-delete" data-testid="runs-delete">
      {asking ? (
        <span className="confirm" role="group" aria-labelledby={question} onKeyDown={escapeKeeps} data-testid="runs-delete-confirm">
          <span id={question}>
            Delete {runs(ended.length)} ({named(ended)}) with their weights, files and share links? This cannot be undone.
          </span>{" "}
          <button className="danger" aria-disabled={busy} onClick={() => void remove()} data-testid="runs-delete-yes">
            {busy ? "Deleting…" : "Delete"}
          </button>{" "}
          <button aria-disabled={busy} onClick={() => busy || setAsking(false)} ref={keep} data-testid="runs-delete-no">
            Keep them
          </button>
        </span>
      ) : (
        // Only runs still training ticked: nothing to delete ("Delete the 0 ticked runs…"), the note says why.
        ended.length > 0 && (
          <button className="danger" onClick={() => (setProblem(null), setAsking(true))} ref={ask} data-testid="runs-delete-button">
            Delete the {ended.length === 1 ? "ticked run" : `${ended.length} ticked runs`}…
          </button>
        )
      )}
      {live > 0 && (
        <span className="muted" data-testid="runs-delete-live">
          {" "}
          {runs(live)} still training {live === 1 ? "is" : "are"} kept: stop {live === 1 ? "it" : "them"} on {live === 1 ? "its" : "their"} page first.
        </span>
      )}
      {problem && (
        <p className="design-error" role="alert">
          <CodeText text={problem} />
        </p>
      )}
    </div>
  );
}
