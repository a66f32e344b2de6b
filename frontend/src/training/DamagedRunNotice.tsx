// A run page whose run cannot be shown: what the server said (or that it could not be reached, which
// RunPage tries again), and for a run whose record is damaged
// in the database (a 409), a Delete that clears it away, as the message asks its owner to. Its
// question holds the focus as useConfirm.ts says.
import { useState } from "react";
import { ApiError, client, runPath, unwrap } from "../api/client";
import { runsPagePath } from "../api/pages";
import { CodeText } from "../editor/CodeText";
import { failureText, UNREACHABLE } from "./requestFailure";
import { useConfirm } from "../editor/useConfirm";

export function DamagedRunNotice({ runId, error }: { runId: string; error: unknown }) {
  const { asking: confirming, setAsking: setConfirming, keep, ask, escapeKeeps } = useConfirm();
  const [failed, setFailed] = useState<string | null>(null);
  // No answer at all: the connection's fault, which RunPage tries again by itself.
  const said = error instanceof TypeError ? `${UNREACHABLE} This page tries again by itself.` : failureText(error);
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
