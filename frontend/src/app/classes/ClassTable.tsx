// The runs handed in to a class: who, which run, how it stands (live), its result and its link;
// sorted by result, student or when handed in.
import { useState } from "react";
import type { ClassEntry } from "../../api/types";
import { formatWhen } from "../../editor/when";
import { epochText, resultHeading, resultText, sortEntries, type EntrySort } from "./classEntries";
import { AskedButton } from "../AskedButton";

const HEADINGS: Record<EntrySort, string> = { student: "Student", result: "Result", handed: "Handed in" };

export function ClassTable({ entries, onRemove }: { entries: ClassEntry[]; onRemove: (id: string) => void }) {
  const [sort, setSort] = useState<EntrySort>("handed");
  if (entries.length === 0)
    return (
      <p className="muted" data-testid="class-none">
        No runs handed in yet. They appear here as students hand them in.
      </p>
    );
  const result = resultHeading(entries);
  const sortButton = (key: EntrySort) => {
    const label = key === "result" ? result : HEADINGS[key];
    return (
      <th aria-sort={sort === key ? (key === "result" ? "descending" : "ascending") : undefined} data-testid={`class-sort-${key}`}>
        <button type="button" className="sort-heading" onClick={() => setSort(key)}>
          {label}
          {sort === key && <span aria-hidden="true">{"\u202f↓"}</span>}
        </button>
      </th>
    );
  };
  return (
    <div className="runs-table-scroll" tabIndex={0} role="region" aria-label="Runs handed in">
      <table className="class-table" data-testid="class-table">
        <thead>
          <tr>
            {sortButton("student")}
            <th>Run</th>
            <th>Dataset</th>
            <th>Status</th>
            <th>Epoch</th>
            {sortButton("result")}
            {sortButton("handed")}
            <th>
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sortEntries(entries, sort).map((entry) => (
            <tr key={entry.id} data-testid="class-entry">
              <td data-label="Student" data-testid="entry-student">{entry.student_name}</td>
              <td data-label="Run">
                <a href={entry.link} target="_blank" rel="noreferrer" data-testid="entry-link">
                  {entry.run_name}
                </a>
              </td>
              <td data-label="Dataset">{entry.dataset}</td>
              <td data-label="Status" data-testid="entry-status">
                <span className={`status status-${entry.status}`}>{entry.status}</span>
              </td>
              <td data-label="Epoch" data-testid="entry-epoch">{epochText(entry)}</td>
              <td data-label={result} data-testid="entry-result" title={entry.val_accuracy != null ? "Validation accuracy" : "Validation loss"}>
                {resultText(entry)}
              </td>
              {/* As the Runs page writes a moment: "05:05:04" today, where this said "05:06 AM". */}
              <td data-label="Handed in" data-testid="entry-handed">
                {formatWhen(entry.handed_at)}
              </td>
              <td className="entry-actions">
                <AskedButton
                  label="Remove…"
                  ariaLabel={`Remove ${entry.student_name}'s run`}
                  question={`Take ${entry.student_name}'s run out of the class? Its link stops working.`}
                  yes="Remove it"
                  no="Keep it"
                  onYes={() => onRemove(entry.id)}
                  testId="entry-remove"
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
