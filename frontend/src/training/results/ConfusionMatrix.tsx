// The confusion matrix as a table: rows are the true classes, columns the predicted ones; a cell off
// the diagonal shows its samples in the gallery below, as DIGITS and MATLAB's confusion chart do.
import { useMemo } from "react";
import { resolveColor, useColorScheme } from "../chartTheme";
import { cellColors, type CellTheme } from "./cellColors";
import type { Cell } from "./misclassifiedCaption";

interface Props {
  classes: string[];
  matrix: number[][];
  /** The confusion whose samples are shown below; null: all of them. */
  chosen?: Cell | null;
  /** A cell off the diagonal was clicked: its samples, or (clicked again) all again. Without it
   * (a model page's, classify many's), the cells are numbers only. */
  onChoose?: (cell: Cell | null) => void;
  /** How many of each cell's samples the gallery kept, by "true,predicted": only those cells show theirs. */
  kept?: Map<string, number>;
  /** The table's test id: another for a second matrix on the page (the test set's). */
  testId?: string;
}

/** The element id of a cell's button, for the focus to go back to it. */
export const cellId = ([i, j]: Cell) => `confusion-cell-${i}-${j}`;

/** The theme's colours for the cells, read again when the system's colour scheme changes. */
function useCellTheme(): CellTheme {
  const scheme = useColorScheme();
  return useMemo(
    () => ({
      low: resolveColor("--confusion-low"),
      high: resolveColor("--confusion-high"),
      texts: [resolveColor("--confusion-text-low"), resolveColor("--confusion-text-high")],
    }),
    [scheme],
  );
}

export function ConfusionMatrix({ classes, matrix, chosen, onChoose, kept, testId = "confusion-matrix" }: Props) {
  const theme = useCellTheme();
  return (
    <div className="confusion" data-testid={testId}>
      <div className="confusion-axis">predicted →</div>
      <table>
        <thead>
          <tr>
            <th className="confusion-corner">true ↓</th>
            {classes.map((name) => (
              <th key={name}>{name}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.map((row, i) => {
            const total = row.reduce((a, b) => a + b, 0) || 1;
            return (
              <tr key={classes[i]}>
                <th>{classes[i]}</th>
                {row.map((count, j) => {
                  const some = kept?.get(`${i},${j}`) ?? 0;
                  const about = `true ${classes[i]}, predicted ${classes[j]}: ${count}${i !== j && count > 0 && onChoose && !some ? " (none kept in the gallery below)" : ""}`;
                  const pressed = chosen?.[0] === i && chosen[1] === j;
                  return (
                    <td key={j} title={about} style={count ? cellColors(count / total, theme) : undefined} className={`${i === j ? "diagonal" : ""}${pressed ? " chosen" : ""}`}>
                      {onChoose && i !== j && some > 0 ? (
                        // A confusion's own samples, in the gallery below.
                        <button type="button" id={cellId([i, j])} className="confusion-cell" aria-pressed={pressed} aria-label={`${about}: show these samples`} data-testid={`confusion-${i}-${j}`} onClick={() => onChoose(pressed ? null : [i, j])}>
                          {count}
                        </button>
                      ) : (
                        count || ""
                      )}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
