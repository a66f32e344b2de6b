// The admin's Stop on a run's row, asked on the row itself as the app's other actions that cannot
// be undone are (useConfirm.ts): it asked with the browser's confirm(), which a locked-down
// browser may suppress, and Stop then did nothing. The row's focus props (useFocusFollowsRows)
// go on each of its buttons, so that the focus goes on to the next row once this one leaves.
import { useId, type FocusEvent } from "react";
import type { AdminRun } from "../../api/types";
import { useConfirm } from "../../editor/useConfirm";

interface FocusProps {
  ref: (button: HTMLButtonElement | null) => void;
  onFocus: () => void;
  onBlur: (event: FocusEvent<HTMLButtonElement>) => void;
}

interface Props {
  run: AdminRun;
  stopping: boolean;
  onStop: (run: AdminRun) => void;
  focus: FocusProps;
}

export function AdminStop({ run, stopping, onStop, focus }: Props) {
  const { asking, setAsking, keep, ask, escapeKeeps } = useConfirm();
  const question = useId();
  const { ref, ...tracked } = focus;
  if (asking)
    return (
      <span className="confirm" role="group" aria-labelledby={question} onKeyDown={escapeKeeps} data-testid="admin-run-stop-confirm">
        <span id={question}>
          Stop “{run.name}” (owner {run.owner_tag ?? "unknown"})? It ends as cancelled, as its owner's Stop would.
        </span>{" "}
        <button type="button" className="danger" {...tracked} onClick={() => (setAsking(false), onStop(run))} data-testid="admin-run-stop-yes">
          Stop it
        </button>{" "}
        <button type="button" {...tracked} onClick={() => setAsking(false)} ref={keep} data-testid="admin-run-stop-no">
          Keep it running
        </button>
      </span>
    );
  return (
    <button
      type="button"
      onClick={() => !stopping && setAsking(true)}
      aria-disabled={stopping}
      {...tracked}
      ref={(button) => ((ask.current = button), ref(button))}
      aria-label={`Stop ${run.name} (${run.id})`}
      data-testid="admin-run-stop"
    >
      Stop…
    </button>
  );
}
