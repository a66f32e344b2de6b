"""What a deleted run leaves behind: who deleted it and when, and the hashes of its share links.

A deleted run's address then says "you deleted it" to the browser that did (anyone else gets the
same 404 as for a run that never was, so ids stay unguessable), and a link to it says the model
was deleted rather than that the link never existed."""

import hmac
import time

from torchcanvas.store.db import Database
from torchcanvas.store.owners import digest


def bury(db: Database, run_id: str) -> None:
    """Keeps the run's owner and its live links' hashes, inside the transaction that deletes it."""
    now = time.time()
    owner = db.execute("SELECT owner_hash FROM run_owners WHERE run_id = ?", (run_id,))
    if owner:
        db.execute(
            "INSERT OR REPLACE INTO deleted_runs (run_id, owner_hash, deleted_at) VALUES (?, ?, ?)",
            (run_id, owner[0]["owner_hash"], now),
        )
    # Live links only: one revoked or expired before keeps saying so (it is simply unknown now),
    # and tells no one cut off that the model has since been deleted.
    db.execute(
        "INSERT OR REPLACE INTO deleted_shares (token_hash, deleted_at) "
        "SELECT token_hash, ? FROM shares WHERE run_id = ? AND revoked_at IS NULL "
        "AND (expires_at IS NULL OR expires_at > ?)",
        (now, run_id, now),
    )


def deleted_by(db: Database, run_id: str, owner_id: str) -> float | None:
    """When `owner_id` deleted the run, or None where they did not (or it was never theirs)."""
    rows = db.execute("SELECT owner_hash, deleted_at FROM deleted_runs WHERE run_id = ?", (run_id,))
    if rows and hmac.compare_digest(rows[0]["owner_hash"], digest(owner_id)):
        return float(rows[0]["deleted_at"])
    return None


def link_deleted(db: Database, token: str) -> bool:
    """Whether the link opened a run that has since been deleted."""
    return bool(db.execute("SELECT 1 FROM deleted_shares WHERE token_hash = ?", (digest(token),)))
