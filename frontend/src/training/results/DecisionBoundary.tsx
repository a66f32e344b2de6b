// A 2-D dataset's decision regions: the predicted class over a grid, with the validation points.
import { useEffect, useRef } from "react";
import type { RunResults } from "../../api/types";
import { drawBoundary } from "./boundaryDrawing";

type Boundary = NonNullable<RunResults["boundary"]>;
const SIZE = 260;

export function DecisionBoundary({ boundary }: { boundary: Boundary }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = ref.current?.getContext("2d");
    if (context) drawBoundary(context, boundary, SIZE);
  }, [boundary]);
  return <canvas ref={ref} width={SIZE} height={SIZE} className="boundary" data-testid="decision-boundary" />;
}
