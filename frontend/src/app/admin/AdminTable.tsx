// Every browser's unfinished runs, as the admin sees them: no link to a run's page (it is its owner's),
// an anonymous tag of its owner, Stop, and for a queued run Start next (a demo before the queue).
import { useMemo, type RefObject } from "react";
import type { AdminRun } from "../../api/types";
import { formatWhen } from "../../editor/when";
import { AskedButton } from "../AskedButton";
import { useFocusFollowsRows } from "./useFocusFollowsRows";

interface Props {
  runs: AdminRun[];
  stopping: ReadonlySet<string>;
  onStop: (run: AdminRun) => void;
  /** Puts a queued run first in the queue. */
  onFirst: (run: AdminRun) => void;
  /** Where the focus goes when the last row with it leaves. */
  after: RefObject<HTMLElement | null>;
}

export function AdminTable({ runs, stopping, onStop, onFirst, after }: Props) {
  const ids = useMemo(() => runs.map((run) => run.id), [runs]);
  const stopProps = useFocusFollowsRows(ids, after);
  if (runs.length === 0)
    return (
      <p className="muted" data-testid="admin-empty">
        No runs are training or waiting.
      </p>
    );
  return (
    <div className="runs-table-scroll" tabIndex={0} role="region" aria-label="Runs training or waiting">
      <table className="class-table" data-testid="admin-table">
        <thead>
          <tr>
            <th>Run</th>
            <th>Status</th>
            <th>Epoch</th>
            <th title="The same for every run of one browser">Owner</th>
            <th>In queue</th>
            <th>Dataset</th>
            <th>Started</th>
            <th>
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => {
            const status = stopping.has(run.id) ? "stopping…" : run.status;
            return (
              <tr key={run.id} data-testid="admin-run">
                <td data-label="Run" data-testid="admin-run-name">
                  {run.name} <span className="muted">{run.id}</span>
                </td>
                <td data-label="Status" data-testid="admin-run-status">
                  <span className={`status status-${run.status}`}>{status}</span>
                </td>
                <td data-label="Epoch">
                  {run.epoch} of {run.epochs}
                </td>
                <td data-label="Owner" data-testid="admin-run-owner">
                  <code>{run.owner_tag ?? "—"}</code>
                </td>
                <td data-label="In queue">{run.queue_position ?? "—"}</td>
                <td data-label="Dataset">{run.dataset}</td>
                <td data-label="Started">{formatWhen(run.started_at)}</td>
                <td className="entry-actions">
                  {run.queue_position != null && (
                    // Kept on the one that starts next already (off): the focus stays on it as its row moves up.
                    <button
                      type="button"
                      onClick={() => run.queue_position !== 1 && onFirst(run)}
                      aria-disabled={run.queue_position === 1}
                      title={run.queue_position === 1 ? "It starts next already." : "Before every run in the queue, when a worker is free"}
                      aria-label={`Start ${run.name} (${run.id}) next`}
                      data-testid="admin-run-first"
                    >
                      Start next
                    </button>
                  )}{" "}
                  <AskedButton
                    label="Stop…"
                    ariaLabel={`Stop ${run.name} (${run.id})`}
                    question={`Stop “${run.name}” (owner ${run.owner_tag ?? "unknown"})? It ends as cancelled, as its owner's Stop would.`}
                    yes="Stop it"
                    no="Keep it running"
                    onYes={() => onStop(run)}
                    testId="admin-run-stop"
                    busy={stopping.has(run.id)}
                    focus={stopProps(run.id)}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
