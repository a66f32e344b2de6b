// The owner's share links: create one (with an expiry), copy it, list them, revoke one.
import { useEffect, useRef, useState } from "react";
import { client, runPath, unwrap } from "../api/client";
import type { Share, ShareCreated } from "../api/types";
import { forgetLink, keepLink } from "./keptLinks";
import { ShareLine, shareName } from "./ShareLine";
import type { ShareList } from "./useShareList";

const EXPIRIES: [string, number | null][] = [
  ["Never", null],
  ["In 1 hour", 3600],
  ["In 1 day", 86400],
  ["In 7 days", 7 * 86400],
];


/** `hasWeights`: a link shows the trained model; `live`: or the run as it trains, until it has one.
 * A run that ended without weights has nothing to show, so it cannot have a link. `list`: its links,
 * loaded with the page. */
export function SharePanel({ runId, hasWeights, live, list }: { runId: string; hasWeights: boolean; live: boolean; list: ShareList }) {
  const [expiry, setExpiry] = useState(0);
  const [created, setCreated] = useState<ShareCreated | null>(null);
  // The panel's polite word: a link copied, or revoked.
  const [said, setSaid] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fail = (e: unknown) => setError(e instanceof Error ? e.message : String(e));
  // A new link takes the focus, selected, as it comes: ready to copy, and read out with its label
  // (Create link said nothing, and kept the focus).
  const newLink = useRef<HTMLInputElement>(null);
  useEffect(() => newLink.current?.focus(), [created]);
  // A revoked link's line loses its buttons: the focus goes on to make another (or the heading).
  const createButton = useRef<HTMLButtonElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // Links revoked (elsewhere too) are forgotten: each kept link opens the model. An expiry is not
  // judged here by this browser's clock, which may be fast (a review: a valid link's address was
  // lost for good); the server refuses an expired link's address anyway.
  useEffect(() => list.shares?.filter((share) => share.revoked_at).forEach((share) => forgetLink(share.id)), [list.shares]);

  // One link a press: on a slow link, presses while the first was out made a link each (a review).
  const [creating, setCreating] = useState(false);
  const create = () => {
    if (creating) return; // aria-disabled: the button keeps the focus meanwhile
    setCreating(true);
    setError(null);
    setSaid(null);
    const body = { expires_in_seconds: EXPIRIES[expiry]![1] };
    unwrap(client.POST("/api/runs/{run_id}/shares", { ...runPath(runId), body }))
      .then((share) => {
        keepLink(share.id, share.url);
        setCreated(share);
        void list.reload();
      }, fail)
      .finally(() => setCreating(false));
  };
  const revoke = (share: Share) =>
    unwrap(client.DELETE("/api/runs/{run_id}/shares/{share_id}", { params: { path: { run_id: runId, share_id: share.id } } })).then(async () => {
      // A revoked link is dead: it no longer shows as the one to copy.
      if (created?.id === share.id) setCreated(null);
      forgetLink(share.id);
      await list.reload();
      (createButton.current ?? heading.current)?.focus();
      setSaid(`Link ${shareName(share)} revoked.`);
    }, fail);
  const copy = (url: string) =>
    navigator.clipboard.writeText(url).then(
      () => setSaid("Copied."),
      () => setSaid("Select the link and copy it: the browser did not allow copying."),
    );

  return (
    <section className="panel share-panel" aria-label="Share links">
      <h2 tabIndex={-1} ref={heading}>
        Share links
      </h2>
      {/* A run that ended with no weights has nothing to share: no form that could only fail. */}
      {(hasWeights || live) && (
        <>
          <p className="muted">Anyone with a link can view this model, download it and try it; nothing more.</p>
          <div className="share-create">
            <label className="share-expiry">
              <span>Expires</span>
              <select aria-label="Expires" value={expiry} onChange={(e) => setExpiry(Number(e.target.value))} data-testid="share-expiry">
                {EXPIRIES.map(([label], i) => (
                  <option key={label} value={i}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
            <button onClick={create} ref={createButton} aria-disabled={creating} data-testid="create-share">
              {creating ? "Creating…" : "Create link"}
            </button>
          </div>
        </>
      )}
      {!hasWeights && (
        <p className="muted" data-testid="share-needs-weights">
          {live
            ? "While it trains, a link shows the run live; its Try it and downloads open there when it ends."
            : "A link shows a trained model, and this run has no weights to share."}
        </p>
      )}
      {created && (
        <div className="share-url">
          <label>
            <span>New link (this browser keeps it; the server, only its fingerprint)</span>
            <input readOnly value={created.url} data-testid="share-url" onFocus={(e) => e.target.select()} ref={newLink} />
          </label>
          <button onClick={() => void copy(created.url)} data-testid="copy-share">
            Copy
          </button>
        </div>
      )}
      <p className="muted share-copied" role="status" data-testid="share-copied">
        {said}
      </p>
      {(error ?? list.error) && (
        <p className="design-error" role="alert">
          {error ?? list.error}
        </p>
      )}
      <ul className="share-list" data-testid="share-list">
        {(list.shares ?? []).map((s) => (
          <ShareLine key={s.id} share={s} onRevoke={() => revoke(s)} onCopy={copy} />
        ))}
      </ul>
    </section>
  );
}
