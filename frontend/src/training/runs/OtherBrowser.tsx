// Your runs in another browser: runs belong to the browser that started them, so a code made here
// and typed there (POST /api/transfers, then /api/transfers/claim) gives both browsers all of them.
import { useState, type FormEvent } from "react";
import { client, unwrap } from "../../api/client";
import { CodeText } from "../../editor/CodeText";
import { clockOf } from "../../editor/when";

interface Made {
  code: string;
  until: string;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function OtherBrowser({ onClaimed }: { onClaimed: () => void }) {
  const [made, setMade] = useState<Made | null>(null);
  const [typed, setTyped] = useState("");
  const [claimed, setClaimed] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const make = () => {
    setBusy(true);
    setProblem(null);
    unwrap(client.POST("/api/transfers"))
      .then((answer) => {
        const until = clockOf(new Date(answer.expires_at * 1000), false); // 17:32, as the table's times
        setMade({ code: answer.code, until });
      })
      .catch((error: unknown) => setProblem(messageOf(error)))
      .finally(() => setBusy(false));
  };

  const claim = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    setClaimed(null);
    unwrap(client.POST("/api/transfers/claim", { body: { code: typed } }))
      .then((answer) => {
        const runs = answer.runs === 1 ? "1 run" : `${answer.runs} runs`;
        setClaimed(`This browser now has the other browser's runs and uploads too: ${runs} in all.`);
        setTyped("");
        onClaimed();
      })
      .catch((error: unknown) => setProblem(messageOf(error)))
      .finally(() => setBusy(false));
  };

  return (
    <details className="other-browser" data-testid="other-browser">
      <summary>Your runs in another browser</summary>
      <p className="muted">
        Runs belong to the browser that started them. To have them in another browser, or on another machine, make a
        code here and type it there: both browsers then have the runs and uploads of either.
      </p>
      <div className="other-browser-row">
        <button type="button" onClick={make} disabled={busy}>
          Make a code
        </button>
        {made && (
          <span>
            <code className="transfer-code" data-testid="transfer-code">
              {made.code}
            </code>{" "}
            <span className="muted">works once, until {made.until}</span>
          </span>
        )}
      </div>
      <form className="other-browser-row" onSubmit={claim}>
        <label>
          Code from another browser
          <input
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
            placeholder="7KQ2M-XR9TD"
            maxLength={64}
            autoComplete="off"
            spellCheck={false}
            data-testid="claim-code-input"
          />
        </label>
        <button type="submit" disabled={busy || typed.trim() === ""}>
          Use code
        </button>
      </form>
      <p className="muted" data-testid="claim-warning">
        Type only a code you made yourself: whoever made it gets this browser&apos;s runs and uploads too, and keeps
        them.
      </p>
      {claimed && (
        <p role="status" data-testid="claim-result">
          {claimed}
        </p>
      )}
      {problem && (
        <p className="design-error" role="alert" data-testid="transfer-problem">
          <CodeText text={problem} />
        </p>
      )}
    </details>
  );
}
