// Above loss curves of runs that differ in loss or dataset: why the curves do not say which run
// is better, and what does (unlikeRuns.ts).
import { unlikeNote, type Unlike } from "./unlikeRuns";
import "./unlikeNote.css";

interface Props {
  unlike: Unlike;
  /** Who differs: "These runs", "This run and the previous one". */
  subject: string;
  classification: boolean;
  testId: string;
}

export function UnlikeNote({ unlike, subject, classification, testId }: Props) {
  const text = unlikeNote(unlike, subject, classification);
  if (!text) return null;
  return (
    <p className="unlike-note" data-testid={testId}>
      {text}
    </p>
  );
}
