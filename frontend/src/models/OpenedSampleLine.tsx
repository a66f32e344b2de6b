// Which validation sample Try it shows, opened from a run's misclassified samples; brought into
// view, as the page opens at its top and Try it may be below the architecture (on a phone).
import { useEffect, useRef } from "react";
import type { OpenedSample } from "../training/results/mistakeSample";

export function OpenedSampleLine({ sample }: { sample: OpenedSample }) {
  const line = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    line.current?.scrollIntoView({ block: "center" });
  }, []);
  return (
    <p className="try-sample" data-testid="try-sample" ref={line}>
      Validation sample #{sample.index}: true class <b>{sample.true}</b>, the model said <b className="wrong">{sample.predicted}</b>
    </p>
  );
}
