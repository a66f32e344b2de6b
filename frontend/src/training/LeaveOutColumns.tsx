// A CSV's columns to leave out of the features, each a tick box; the ones the form ticked at first
// say why (an ID, text), and the columns with no name say what the server will make of them.
import { useEffect, useId } from "react";
import { CodeText } from "../editor/CodeText";
import { leaveOutProblem } from "./leaveOut";
import type { ReportProblem } from "./useFieldProblems";

interface Props {
  /** The header's named columns. */
  columns: string[];
  target: string;
  drop: string[];
  /** Why the form ticked a column when the file was chosen. */
  reasons: ReadonlyMap<string, string>;
  /** The columns that hold text: the server refuses each one left in as a feature. */
  texts: ReadonlyMap<string, string>;
  /** What becomes of each column with no name. */
  notes: string[];
  onChange: (drop: string[]) => void;
  onProblem: ReportProblem;
}

export function LeaveOutColumns({ columns, target, drop, reasons, texts, notes, onChange, onProblem }: Props) {
  const features = columns.filter((column) => column !== target);
  // Upload waits, saying why, while the server would refuse the columns as ticked.
  const problem = leaveOutProblem(columns, target, drop, texts);
  useEffect(() => onProblem(problem), [problem, onProblem]);
  useEffect(() => () => onProblem(null), [onProblem]); // a form without the list has no problem with it
  const id = useId(); // each reason describes its tick box
  const toggle = (column: string, out: boolean) => onChange(out ? [...drop, column] : drop.filter((c) => c !== column));

  return (
    <fieldset className="leave-out" data-testid="upload-leave-out">
      <legend>Leave out</legend>
      <p className="hint">Ticked columns are not read as features: an ID, a date or notes.</p>
      <ul>
        {features.map((column, i) => {
          const why = reasons.get(column) ?? texts.get(column);
          const refused = texts.has(column) && !drop.includes(column);
          return (
            <li key={column}>
              <label>
                <input
                  type="checkbox"
                  checked={drop.includes(column)}
                  aria-invalid={refused || undefined}
                  aria-describedby={why ? `${id}-${i}` : undefined}
                  onChange={(e) => toggle(column, e.target.checked)}
                />
                <span className="column-name">{column}</span>
              </label>
              {why && (
                <small className={refused ? "why is-refused" : "why"} id={`${id}-${i}`} data-testid={`leave-out-why-${column}`}>
                  {refused ? `left in, refused: ${why}` : why}
                </small>
              )}
            </li>
          );
        })}
      </ul>
      {notes.map((note) => (
        <p className="hint" key={note} data-testid="upload-nameless">
          <CodeText text={note} />
        </p>
      ))}
    </fieldset>
  );
}
