// The button that applies a one-click fix from the server: "Fix: Insert a Flatten before `fc`".
import type { DesignFix } from "../api/types";
import { CodeText } from "./CodeText";

/** Applies a fix; `byKeyboard`: pressed with Enter or Space, where the focus follows what it
 *  changed (useFocusAdded.ts), as it follows a layer added from the palette by keyboard. */
export type OnFix = (fix: DesignFix, byKeyboard?: boolean) => void;

interface Props {
  fix: DesignFix;
  testId: string;
  onFix: OnFix;
}

export function FixButton({ fix, testId, onFix }: Props) {
  return (
    <button className="fix-button nodrag" data-testid={testId} title="Apply this fix (undo takes it back)" onClick={(event) => onFix(fix, event.detail === 0)}>
      {/* One span: the button is a flex box, which would set each piece of code apart (" , "). */}
      <span>
        Fix: <CodeText text={fix.label} />
      </span>
    </button>
  );
}
