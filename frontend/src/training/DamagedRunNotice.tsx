// A run page whose run cannot be shown: what the server said, and for a run whose record is damaged
// in the database (a 409), a Delete that clears it away, as the message asks its owner to. Its
// question takes the focus on the safe answer, Keep it (which Escape also gives), and hands it back
// to Delete this run… when kept.
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { ApiError, client, runPath, unwrap } from "../api/client";
import { runsPagePath } from "../api/pages";
import { CodeText } from "../editor/CodeText";

export function DamagedRunNotice({ runId, error }: { runId: string; error: unknown }) {
  const [confirming, setConfirming] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const keep = useRef<HTMLButtonElement>(null);
  const ask = useRef<HTMLButtonElement>(null);
  const asked = useRef(false); // not the first render: a page that opens gives no focus here
  useEffect(() => {
    if (confirming) keep.current?.focus();
    else if (asked.current) ask.current?.focus();
    asked.current ||= confirming;
  }, [confirming]);
  const escapeKeeps = (event: KeyboardEvent) => {
    if (event.key !== "Escape") return;
    event.preventDefault();
    setConfirming(false);
  };
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
