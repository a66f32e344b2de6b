// What opening a design said (a file, a link or a template it changed to fit), until OK.
import { CodeText } from "../editor/CodeText";

export function DesignNotice({ notice, onDismiss }: { notice: string; onDismiss: () => void }) {
  return (
    <p className="design-notice" role="status" data-testid="design-notice">
      <span>
        <CodeText text={notice} />
      </span>
      <button onClick={onDismiss}>OK</button>
    </p>
  );
}
