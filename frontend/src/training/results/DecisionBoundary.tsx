// A 2-D dataset's decision regions: the predicted class over a grid, with the validation points.
import { useEffect, useRef } from "react";
import type { RunResults } from "../../api/types";

type Boundary = NonNullable<RunResults["boundary"]>;
const SIZE = 260;
export const CLASS_COLOURS = ["#2563eb", "#ee4c2c", "#15803d", "#9333ea", "#ca8a04", "#0891b2"];

function colour(index: number, alpha = 1): string {
  const hex = CLASS_COLOURS[index % CLASS_COLOURS.length]!;
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

export function DecisionBoundary({ boundary }: { boundary: Boundary }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = ref.current?.getContext("2d");
    if (!context) return;
    const cell = SIZE / boundary.size;
    boundary.classes.forEach((c, i) => {
      const row = Math.floor(i / boundary.size); // rows run from y_min upwards
      context.fillStyle = colour(c, 0.22);
      context.fillRect((i % boundary.size) * cell, SIZE - (row + 1) * cell, cell + 0.5, cell + 0.5);
    });
    const x = (v: number) => ((v - boundary.x_min) / (boundary.x_max - boundary.x_min)) * SIZE;
    const y = (v: number) => SIZE - ((v - boundary.y_min) / (boundary.y_max - boundary.y_min)) * SIZE;
    for (const [a = 0, b = 0, c = 0] of boundary.points) {
      context.beginPath();
      context.arc(x(a), y(b), 3, 0, 2 * Math.PI);
      context.fillStyle = colour(c);
      context.fill();
      context.strokeStyle = "#fff";
      context.stroke();
    }
  }, [boundary]);
  return <canvas ref={ref} width={SIZE} height={SIZE} className="boundary" data-testid="decision-boundary" />;
}
