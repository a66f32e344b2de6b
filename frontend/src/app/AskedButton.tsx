// A button whose action cannot be undone, asked on the page first (useConfirm.ts), as the app's
// other such buttons are: a teacher's Remove and End class and the admin's Stop asked with the
// browser's confirm(), which a locked-down browser may suppress, and they then did nothing.
import { useId, type FocusEvent } from "react";
import { useConfirm } from "../editor/useConfirm";

/** A row's focus props (admin/useFocusFollowsRows.ts): the ref goes on the button, the rest on
 * each of its buttons too, so that the focus goes on to the next row once this one leaves. */
export interface FocusProps {
  ref: (button: HTMLButtonElement | null) => void;
  onFocus: () => void;
  onBlur: (event: FocusEvent<HTMLButtonElement>) => void;
}

interface Props {
  /** The button's words ("End class…"), and its accessible name where they are not enough. */
  label: string;
  ariaLabel?: string;
  question: string;
  /** The words of the answer that acts ("End it"), and of the one that keeps. */
  yes: string;
  no: string;
  onYes: () => void;
  testId: string;
  /** Its action already sent: the button stays, off (aria-disabled keeps its focus). */
  busy?: boolean;
  focus?: FocusProps;
}

export function AskedButton({ label, ariaLabel, question, yes, no, onYes, testId, busy = false, focus }: Props) {
  const { asking, setAsking, keep, ask, escapeKeeps } = useConfirm();
  const said = useId();
  const { ref, ...tracked } = focus ?? { ref: undefined };
  if (asking)
    return (
      <span className="confirm" role="group" aria-labelledby={said} onKeyDown={escapeKeeps} data-testid={`${testId}-confirm`}>
        <span id={said}>{question}</span>{" "}
        <button type="button" className="danger" {...tracked} onClick={() => (setAsking(false), onYes())} data-testid={`${testId}-yes`}>
          {yes}
        </button>{" "}
        <button type="button" {...tracked} onClick={() => setAsking(false)} ref={keep} data-testid={`${testId}-no`}>
          {no}
        </button>
      </span>
    );
  return (
    <button
      type="button"
      onClick={() => !busy && setAsking(true)}
      aria-disabled={busy || undefined}
      {...tracked}
      ref={(button) => ((ask.current = button), ref?.(button))}
      aria-label={ariaLabel}
      data-testid={testId}
    >
      {label}
    </button>
  );
}
