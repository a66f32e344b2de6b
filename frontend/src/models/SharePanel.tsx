// The owner's share links: create one (with an expiry), copy it, list them, revoke one.
import { useCallback, useEffect, useState } from "react";
import { client, runPath, unwrap } from "../api/client";
import type { Share } from "../api/types";

const EXPIRIES: [string, number | null][] = [
  ["Never expires", null],
  ["Expires in 1 hour", 3600],
  ["Expires in 1 day", 86400],
  ["Expires in 7 days", 7 * 86400],
];

const when = (t: number) => new Date(t * 1000).toLocaleString();

export function SharePanel({ runId }: { runId: string }) {
  const [shares, setShares] = useState<Share[]>([]);
  const [expiry, setExpiry] = useState(0);
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fail = (e: unknown) => setError(e instanceof Error ? e.message : String(e));
  const reload = useCallback(() => unwrap(client.GET("/api/runs/{run_id}/shares", runPath(runId))).then(setShares, fail), [runId]);
  useEffect(() => void reload(), [reload]);

  const create = () => {
    setError(null);
    const body = { expires_in_seconds: EXPIRIES[expiry]![1] };
    unwrap(client.POST("/api/runs/{run_id}/shares", { ...runPath(runId), body })).then((share) => {
      setCreated(share.url);
      void reload();
    }, fail);
  };
  const revoke = (id: string) =>
    unwrap(client.DELETE("/api/runs/{run_id}/shares/{share_id}", { params: { path: { run_id: runId, share_id: id } } })).then(reload, fail);

  return (
    <section className="panel share-panel" aria-label="Share links">
      <h2>Share links</h2>
      <p className="muted">Anyone with a link can view this model, download it and try it; nothing more.</p>
      <div className="share-create">
        <select value={expiry} onChange={(e) => setExpiry(Number(e.target.value))} data-testid="share-expiry">
          {EXPIRIES.map(([label], i) => (
            <option key={label} value={i}>
              {label}
            </option>
          ))}
        </select>
        <button onClick={create} data-testid="create-share">
          Create link
        </button>
      </div>
      {created && (
        <p className="share-url">
          New link (shown once): <input readOnly value={created} data-testid="share-url" onFocus={(e) => e.target.select()} />
        </p>
      )}
      {error && <p className="design-error">{error}</p>}
      <ul className="share-list" data-testid="share-list">
        {shares.map((s) => (
          <li key={s.id} data-testid={`share-${s.id}`}>
            <code>{s.id}</code> <span className="muted">created {when(s.created_at)}</span>{" "}
            {s.revoked_at ? (
              <span className="muted">revoked</span>
            ) : (
              <>
                <span className="muted">{s.expires_at ? `expires ${when(s.expires_at)}` : "no expiry"}</span>{" "}
                <button onClick={() => void revoke(s.id)} data-testid="revoke-share">
                  Revoke
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
