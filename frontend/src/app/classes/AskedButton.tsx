// A button whose action cannot be undone, asked on the page first (useConfirm.ts), as the app's
// other such buttons are: a teacher's Remove and End class asked with the browser's confirm(),
// which a locked-down browser may suppress, and they then did nothing.
import { useId } from "react";
import { useConfirm } from "../../editor/useConfirm";

interface Props {
  /** The button's words ("End class"), and its accessible name where they are not enough. */
  label: string;
  ariaLabel?: string;
  question: string;
  /** The words of the answer that acts ("End it"), and of the one that keeps. */
  yes: string;
  no: string;
  onYes: () => void;
  testId: string;
}

export function AskedButton({ label, ariaLabel, question, yes, no, onYes, testId }: Props) {
  const { asking, setAsking, keep, ask, escapeKeeps } = useConfirm();
  const said = useId();
  if (asking)
    return (
      <span className="confirm" role="group" aria-labelledby={said} onKeyDown={escapeKeeps} data-testid={`${testId}-confirm`}>
        <span id={said}>{question}</span>{" "}
        <button type="button" className="danger" onClick={() => (setAsking(false), onYes())} data-testid={`${testId}-yes`}>
          {yes}
        </button>{" "}
        <button type="button" onClick={() => setAsking(false)} ref={keep} data-testid={`${testId}-no`}>
          {no}
        </button>
      </span>
    );
  return (
    <button type="button" onClick={() => setAsking(true)} ref={ask} aria-label={ariaLabel} data-testid={testId}>
      {label}
    </button>
  );
}
