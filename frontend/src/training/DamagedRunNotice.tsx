// A run page whose run cannot be shown: what the server said, and for a run whose record is damaged
// in the database (a 409), a Delete that clears it away, as the message asks its owner to. Its
// question holds the focus as useConfirm.ts says.
import { useState } from "react";
import { ApiError, client, runPath, unwrap } from "../api/client";
import { runsPagePath } from "../api/pages";
import { CodeText } from "../editor/CodeText";
import { useConfirm } from "../editor/useConfirm";

export function DamagedRunNotice({ runId, error }: { runId: string; error: unknown }) {
  const { asking: confirming, setAsking: setConfirming, keep, ask, escapeKeeps } = useConfirm();
  const [failed, setFailed] = useState<string | null>(null);
  const said = error instanceof Error ? error.message : String(error);
  const damaged = error instanceof ApiError && error.status === 409;
  const remove = async () => {
    try {
      await unwrap(client.DELETE("/api/runs/{run_id}", runPath(runId)));
      window.location.assign(runsPagePath);
    } catch (e) {
      setFailed(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <main className="run-page">
      <p className="fatal" data-testid="run-page-error" style={{ paddingBottom: 12 }}>
        <CodeText text={said} />
      </p>
      {damaged &&
        (confirming ? (
          <p role="group" aria-label="Delete this run for good?" onKeyDown={escapeKeeps} style={{ padding: "0 40px" }}>
            Delete this run for good?{" "}
            <button className="danger" onClick={() => void remove()} data-testid="damaged-run-delete">
              Delete
            </button>{" "}
            <button onClick={() => setConfirming(false)} ref={keep}>
              Keep it
            </button>
          </p>
        ) : (
          <p style={{ padding: "0 40px" }}>
            <button className="danger" onClick={() => setConfirming(true)} ref={ask} data-testid="damaged-run-delete-ask">
              Delete this run…
            </button>
          </p>
        ))}
      {failed && (
        <p className="design-error" role="alert" style={{ padding: "0 40px" }}>
          {failed}
        </p>
      )}
    </main>
  );
}
