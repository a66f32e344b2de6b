// Which validation sample Try it shows, opened from a run's misclassified samples; brought into
// view, as the page opens at its top and Try it may be below the architecture (on a phone), with the
// focus: left on the Mistakes' link far below, the next Tab went back down there, past Try it.
import { useEffect, useRef } from "react";
import type { OpenedSample } from "../training/results/mistakeSample";

export function OpenedSampleLine({ sample }: { sample: OpenedSample }) {
  const line = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    line.current?.scrollIntoView({ block: "center" });
    line.current?.focus({ preventScroll: true });
  }, []);
  return (
    <p className="try-sample" data-testid="try-sample" ref={line} tabIndex={-1}>
      Validation sample #{sample.index}: true class <b>{sample.true}</b>, the model said <b className="wrong">{sample.predicted}</b>
    </p>
  );
}
