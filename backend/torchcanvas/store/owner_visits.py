"""When each owner (a browser's identity, by its hash) was last seen: for a server that keeps the
runs and uploads of an idle browser for so many days (TORCHCANVAS_KEEP_IDLE_DAYS) and no more."""

import threading

from torchcanvas.store.db import Database
from torchcanvas.store.owners import digest

WRITE_EVERY = 3600.0  # the most seconds between two writes of one owner's visit
REMEMBERED = 100_000  # owners whose last write is remembered; past it, all are forgotten


class OwnerVisits:
    """Records owners' visits, each at most once in `write_every` seconds (its requests are
    many), and finds those unseen since a time."""

    def __init__(self, db: Database, write_every: float = WRITE_EVERY) -> None:
        self.db, self.write_every = db, write_every
        self._written: dict[str, float] = {}  # owner hash → when its visit was last written
        self._lock = threading.Lock()

    def seen(self, owner_id: str, now: float) -> None:
        """Records that the owner made a request at `now`, where `write_every` has passed since
        its last was written."""
        owner_hash = digest(owner_id)
        with self._lock:
            written = self._written.get(owner_hash)
            if written is not None and now - written < self.write_every:
                return
            if len(self._written) >= REMEMBERED:  # a script's thousands of cookies: more writes
                self._written.clear()
            self._written[owner_hash] = now
        self.db.execute(
            "INSERT INTO owner_visits (owner_hash, seen_at) VALUES (?, ?) "
            "ON CONFLICT (owner_hash) DO UPDATE SET seen_at = MAX(seen_at, excluded.seen_at)",
            (owner_hash, now),
        )

    def unseen_since(self, cutoff: float, now: float) -> list[str]:
        """The hashes of the owners with runs or uploads who made no request after `cutoff`.
        An owner with no visit recorded (its data is from before visits were) is taken as seen
        at `now`, recorded so: it has the whole time from here."""
        with self.db.transaction():
            for table in ("run_owners", "uploads"):
                self.db.execute(
                    "INSERT OR IGNORE INTO owner_visits (owner_hash, seen_at) "
                    f"SELECT DISTINCT owner_hash, ? FROM {table} WHERE owner_hash IS NOT NULL",
                    (now,),
                )
        rows = self.db.execute(
            "SELECT owner_hash FROM owner_visits WHERE seen_at < ? ORDER BY seen_at", (cutoff,)
        )
        return [str(row["owner_hash"]) for row in rows]

    def still_unseen(self, owner_hash: str, cutoff: float) -> bool:
        """Whether the owner has still made no request after `cutoff` (read again, before its
        data is deleted: it may have come back since the list was read)."""
        rows = self.db.execute(
            "SELECT 1 FROM owner_visits WHERE owner_hash = ? AND seen_at < ?", (owner_hash, cutoff)
        )
        return bool(rows)

    def forget_if_empty(self, owner_hash: str, cutoff: float) -> None:
        """Forgets the visits of an owner still unseen that has no runs or uploads left."""
        self.db.execute(
            "DELETE FROM owner_visits WHERE owner_hash = ? AND seen_at < ? "
            "AND NOT EXISTS (SELECT 1 FROM run_owners WHERE owner_hash = ?) "
            "AND NOT EXISTS (SELECT 1 FROM uploads WHERE owner_hash = ?)",
            (owner_hash, cutoff, owner_hash, owner_hash),
        )
