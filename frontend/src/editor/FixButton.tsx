// The button that applies a one-click fix from the server: "Fix: Insert a Flatten before `fc`".
import type { DesignFix } from "../api/types";
import { CodeText } from "./CodeText";

interface Props {
  fix: DesignFix;
  testId: string;
  onFix: (fix: DesignFix) => void;
}

export function FixButton({ fix, testId, onFix }: Props) {
  return (
    <button className="fix-button nodrag" data-testid={testId} title="Apply this fix (undo takes it back)" onClick={() => onFix(fix)}>
      {/* One span: the button is a flex box, which would set each piece of code apart (" , "). */}
      <span>
        Fix: <CodeText text={fix.label} />
      </span>
    </button>
  );
}
