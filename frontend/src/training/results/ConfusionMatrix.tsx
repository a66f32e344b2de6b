// The confusion matrix as a table: rows are the true classes, columns the predicted ones.

interface Props {
  classes: string[];
  matrix: number[][];
}

const BLUE = [29, 78, 216];

/** A blue that deepens with the share of the row in the cell (on white); the diagonal is what is right. */
function shade(share: number): number[] {
  const alpha = Math.min(1, 0.08 + share * 0.9);
  return BLUE.map((c) => Math.round(alpha * c + (1 - alpha) * 255));
}

/** WCAG's relative luminance of an sRGB colour. */
function luminance(rgb: number[]): number {
  const [r, g, b] = rgb.map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** The cell's colours: white text on the darker blues, black on the lighter, both at AA contrast. */
function cellStyle(share: number) {
  const background = shade(share);
  return { background: `rgb(${background.join(",")})`, color: luminance(background) < 0.18 ? "#fff" : "#000" };
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
                    style={count ? cellStyle(count / total) : undefined}
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
