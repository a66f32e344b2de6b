// The confusion matrix as a table: rows are the true classes, columns the predicted ones.
import { useMemo } from "react";
import { resolveColor, useColorScheme } from "../chartTheme";
import { cellColors, type CellTheme } from "./cellColors";

interface Props {
  classes: string[];
  matrix: number[][];
}

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

export function ConfusionMatrix({ classes, matrix }: Props) {
  const theme = useCellTheme();
  return (
    <div className="confusion" data-testid="confusion-matrix">
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
                {row.map((count, j) => (
                  <td
                    key={j}
                    title={`true ${classes[i]}, predicted ${classes[j]}: ${count}`}
                    style={count ? cellColors(count / total, theme) : undefined}
                    className={i === j ? "diagonal" : undefined}
                  >
                    {count || ""}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
