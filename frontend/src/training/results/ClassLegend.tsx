// Which colour is which class on a 2-D map: the colours of its regions and points, named.
import { CLASS_COLOURS } from "./boundaryDrawing";

export function ClassLegend({ classes }: { classes: string[] }) {
  return (
    <ul className="class-legend" aria-label="Classes by colour" data-testid="class-legend">
      {classes.map((name, i) => (
        <li key={name}>
          <span className="class-swatch" style={{ background: CLASS_COLOURS[i % CLASS_COLOURS.length] }} aria-hidden="true" />
          {name}
        </li>
      ))}
    </ul>
  );
}
