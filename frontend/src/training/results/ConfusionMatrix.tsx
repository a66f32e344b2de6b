// The confusion matrix as a table: rows are the true classes, columns the predicted ones.

interface Props {
  classes: string[];
  matrix: number[][];
}

/** A blue that deepens with the share of the row in the cell; the diagonal is what is right. */
function shade(share: number): string {
  return `rgba(37, 99, 235, ${Math.min(1, 0.08 + share * 0.9).toFixed(2)})`;
}

export function ConfusionMatrix({ classes, matrix }: Props) {
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
                    style={{ background: count ? shade(count / total) : undefined, color: count / total > 0.5 ? "#fff" : undefined }}
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
