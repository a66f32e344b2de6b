// One share link in its owner's list: how its address ends, when it was made and ends, and
// Revoke, asked twice since a revoked link cannot come back. The question holds the focus as
// useConfirm.ts says; a revoked link's focus and word are the panel's (SharePanel), as its line has
// no button left to hold them.
import { useId, useState } from "react";
import type { Share } from "../api/types";
import { useConfirm } from "../editor/useConfirm";
import { formatWhen } from "../editor/when";
import { keptLink } from "./keptLinks";
import { QrCode } from "./QrCode";

/** Whether the link's expiry has passed, by this browser's clock. */
function expired(share: Share): boolean {
  return share.expires_at !== null && share.expires_at * 1000 <= Date.now();
}

/** Whether the link opens nothing any more (revoked, or past its expiry): no copy and no QR code
 * to project. */
function shareEnded(share: Share): boolean {
  return Boolean(share.revoked_at) || expired(share);
}

/** How a link is told apart: the end of its address (…XiC8), or its id. */
export function shareName(share: Share): string {
  return share.ending ? `…${share.ending}` : share.id;
}

/** `onCopy`: copies a link this browser made, and keeps (keptLinks.ts). */
export function ShareLine({ share, onRevoke, onCopy }: { share: Share; onRevoke: () => Promise<unknown>; onCopy: (url: string) => Promise<void> }) {
  const { asking, setAsking, keep, ask: revoke, escapeKeeps } = useConfirm();
  const [qr, setQr] = useState(false);
  const question = useId();
  const name = shareName(share);
  const url = shareEnded(share) ? null : keptLink(share.id);
  return (
    <li data-testid={`share-${share.id}`}>
      <span title="How the link's address ends">
        link <code data-testid="share-ending">{name}</code>
      </span>{" "}
      <span className="muted">· created {formatWhen(share.created_at)} ·</span>{" "}
      {share.handed_in_to && (
        <span className="muted" data-testid="share-handed-in">
          handed in to {share.handed_in_to} ·{" "}
        </span>
      )}
      {share.revoked_at ? (
        <span className="muted">revoked</span>
      ) : asking ? (
        <span className="confirm" role="group" aria-labelledby={question} onKeyDown={escapeKeeps} data-testid="revoke-confirm">
          <span id={question}>
            Revoke {name}? Anyone who has it loses the model{share.handed_in_to ? `, and the run leaves the class ${share.handed_in_to}` : ""}.
          </span>{" "}
          <button className="danger" onClick={() => void onRevoke().finally(() => setAsking(false))} data-testid="revoke-yes">
            Revoke
          </button>{" "}
          <button onClick={() => setAsking(false)} ref={keep} data-testid="revoke-no">
            Keep it
          </button>
        </span>
      ) : (
        <>
          <span className="muted">{share.expires_at ? `${expired(share) ? "expired" : "expires"} ${formatWhen(share.expires_at)}` : "no expiry"}</span>{" "}
          {url && (
            <>
              <button title={url} onClick={() => void onCopy(url)} data-testid="copy-kept-link" aria-label={`Copy link ${name}`}>
                Copy
              </button>{" "}
              <button aria-expanded={qr} onClick={() => setQr(!qr)} data-testid="show-qr" aria-label={`QR code of link ${name}`}>
                QR code
              </button>{" "}
            </>
          )}
          <button className="danger" onClick={() => setAsking(true)} ref={revoke} data-testid="revoke-share">
            Revoke…
          </button>
        </>
      )}
      {url && qr && <QrCode text={url} label={`QR code of link ${name}: scanned, it opens the model`} />}
    </li>
  );
}
