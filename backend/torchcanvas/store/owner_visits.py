"""When each owner (a browser's identity, by its hash) was last seen: for a server that keeps the
runs and uploads of an idle browser for so many days (TORCHCANVAS_KEEP_IDLE_DAYS) and no more."""

import logging
import sqlite3
import threading

from torchcanvas.store.db import Database
from torchcanvas.store.owners import digest

log = logging.getLogger(__name__)

WRITE_EVERY = 3600.0  # the most seconds between two writes of one owner's visit
REMEMBERED = 100_000  # owners whose last write is remembered; past it, all are forgotten
_SINCE = "keep_idle_since"  # server_keys' name for when the setting was turned on


class OwnerVisits:
    """Records owners' visits, each at most once in `write_every` seconds (its requests are
    many), and finds those unseen since a time. A visit counts from `since` at the earliest:
    when the setting was turned on, so that turning it on deletes nothing before its time."""

    def __init__(self, db: Database, write_every: float = WRITE_EVERY) -> None:
        self.db, self.write_every = db, write_every
        self.since = 0.0
        self._written: dict[str, float] = {}  # owner hash → when its visit was last written
        self._lock = threading.Lock()

    def keeping(self, now: float | None) -> None:
        """Remembers when keeping for a while began (`now`, unless an earlier start began it),
        or, with None, that everything is kept: turned on again later, it begins again."""
        if now is None:
            self.db.execute("DELETE FROM server_keys WHERE name = ?", (_SINCE,))
            return
        with self.db.transaction():
            self.db.execute(
                "INSERT OR IGNORE INTO server_keys (name, value) VALUES (?, ?)", (_SINCE, repr(now))
            )
            rows = self.db.execute("SELECT value FROM server_keys WHERE name = ?", (_SINCE,))
        self.since = float(rows[0]["value"])

    def due(self, owner_id: str, now: float) -> bool:
        """Whether the owner's visit at `now` is to be written: `write_every` has passed since
        its last was (read in memory: a request asks it)."""
        with self._lock:
            written = self._written.get(digest(owner_id))
        return written is None or now - written >= self.write_every

    def noted(self, owner_id: str, now: float) -> None:
        """Takes the owner's visit at `now` as written, without writing it: its cookie was just
        given (a fresh identity, not yet a browser that came back)."""
        self._remember(digest(owner_id), now)

    def _remember(self, owner_hash: str, now: float) -> None:
        with self._lock:
            if len(self._written) >= REMEMBERED:  # a script's thousands of cookies: more writes
                self._written.clear()
            self._written[owner_hash] = now

    def seen(self, owner_id: str, now: float) -> None:
        """Records that the owner made a request at `now`, where it has runs or uploads to keep
        (a script that collects cookies and comes back with each adds no row); a failed write (a
        full disk) is logged, and tried again at its next request."""
        owner_hash = digest(owner_id)
        try:
            self.db.execute(
                "INSERT INTO owner_visits (owner_hash, seen_at) SELECT ?, ? WHERE "
                "EXISTS (SELECT 1 FROM run_owners WHERE owner_hash = ?) "
                "OR EXISTS (SELECT 1 FROM uploads WHERE owner_hash = ?) ON CONFLICT "
                "(owner_hash) DO UPDATE SET seen_at = MAX(seen_at, excluded.seen_at)",
                (owner_hash, now, owner_hash, owner_hash),
            )
        except sqlite3.Error as error:
            log.warning("A browser's visit was not recorded: %s", error)
            return
        self._remember(owner_hash, now)

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
        if self.since >= cutoff:
            return []
        rows = self.db.execute(
            "SELECT owner_hash FROM owner_visits WHERE seen_at < ? ORDER BY seen_at", (cutoff,)
        )
        return [str(row["owner_hash"]) for row in rows]

    def still_unseen(self, owner_hash: str, cutoff: float) -> bool:
        """Whether the owner has still made no request after `cutoff` (read again before each
        of its runs and uploads is deleted: it may have come back since)."""
        rows = self.db.execute(
            "SELECT 1 FROM owner_visits WHERE owner_hash = ? AND seen_at < ? AND ? < ?",
            (owner_hash, cutoff, self.since, cutoff),
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
