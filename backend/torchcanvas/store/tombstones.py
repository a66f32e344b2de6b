"""What a deleted run leaves behind: who deleted it and when, and the hashes of its share links.

A deleted run's address then says "you deleted it" to the browser that did (anyone else gets the
same 404 as for a run that never was, so ids stay unguessable), and a link to it says the model
was deleted rather than that the link never existed. Both are kept for KEPT_FOR, then the run
and its links read as ones that never were."""

import hmac
import time

from torchcanvas.store.db import Database
from torchcanvas.store.owners import digest

DAY = 24 * 3600
# How long a deleted run's address says "you deleted it" (and its links "deleted"): long enough
# for a reload, a bookmark or a link sent to someone to be explained, and short enough that the
# rows (about 100 bytes a run, and one per live link) never add up: a month of deletes at most.
KEPT_FOR = 30 * DAY
# Rows kept of each kind whatever the month held (about 5 MB of runs'): a script deleting runs in
# a loop makes the oldest be forgotten first, and the table stays this size.
MAX_KEPT = 50_000


def bury(db: Database, run_id: str, most: int = MAX_KEPT) -> None:
    """Keeps the run's owner and its live links' hashes, inside the transaction that deletes it,
    and forgets the tombstones past KEPT_FOR or past the newest `most`."""
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
    forget_old(db, now, most)


def forget_old(db: Database, now: float, most: int = MAX_KEPT) -> None:
    """Forgets the tombstones of runs and links deleted over KEPT_FOR ago, and the oldest past
    the newest `most` of each; at every delete, and as the server starts."""
    with db.transaction():
        for table, key in (("deleted_runs", "run_id"), ("deleted_shares", "token_hash")):
            db.execute(f"DELETE FROM {table} WHERE deleted_at < ?", (now - KEPT_FOR,))
            db.execute(
                f"DELETE FROM {table} WHERE {key} IN (SELECT {key} FROM {table} "
                "ORDER BY deleted_at DESC, rowid DESC LIMIT -1 OFFSET ?)",
                (most,),
            )


def deleted_by(db: Database, run_id: str, owner_id: str) -> float | None:
    """When `owner_id` deleted the run, within KEPT_FOR, or None where they did not (or it was
    never theirs)."""
    rows = db.execute(
        "SELECT owner_hash, deleted_at FROM deleted_runs WHERE run_id = ? AND deleted_at >= ?",
        (run_id, time.time() - KEPT_FOR),
    )
    if rows and hmac.compare_digest(rows[0]["owner_hash"], digest(owner_id)):
        return float(rows[0]["deleted_at"])
    return None


def link_deleted(db: Database, token: str) -> bool:
    """Whether the link opened a run that has since been deleted, within KEPT_FOR."""
    return bool(
        db.execute(
            "SELECT 1 FROM deleted_shares WHERE token_hash = ? AND deleted_at >= ?",
            (digest(token), time.time() - KEPT_FOR),
        )
    )
