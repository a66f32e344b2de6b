"""The Idempotency-Key of each new run's request that sent one: the same request sent again with
its key (its reply lost on a flaky link, Train pressed again, a script's retry) gets the first
one's reply, and no second run. Kept a day, and while its run is: a deleted run's key goes with it
(store/removal.py), and may make a new run. Each owner's keys apart from everyone else's."""

import time
from dataclasses import dataclass
from typing import Literal

from torchcanvas.store.db import Database

KEEP_SECONDS = 24 * 3600
# A claim whose request never said its reply (its server killed as it made the run, a full disk
# as it kept the reply) lapses after this: the key may make a run again.
MAKING_SECONDS = 120
# The keys past their day, and the claims past MAKING_SECONDS: by the index on their time.
SWEEP = "DELETE FROM run_requests WHERE created_at < ? OR (reply IS NULL AND created_at < ?)"


@dataclass(frozen=True)
class Claim:
    """What a key stands for: `new` (this request makes the run), `made` (its `reply`), or
    `making` (the first request is still making it); `body_hash`: the first request's."""

    state: Literal["new", "made", "making"]
    body_hash: str
    reply: str | None = None


class RequestKeys:
    def __init__(self, db: Database) -> None:
        self.db = db

    def claim(self, owner: str, key: str, body_hash: str, now: float | None = None) -> Claim:
        """The key's first request, or this one's claim on it; the keys past a day go, and the
        claims past MAKING_SECONDS that never said their reply (found by their time's index:
        without it, each keyed request read every key, in the lock every request waits on).
        `owner`: the owner's hash, as every table keeps it."""
        now = time.time() if now is None else now
        with self.db.transaction():
            self.db.execute(SWEEP, (now - KEEP_SECONDS, now - MAKING_SECONDS))
            rows = self.db.execute(
                "SELECT body_hash, reply FROM run_requests WHERE owner_hash = ? AND key = ?",
                (owner, key),
            )
            if rows:
                reply = rows[0]["reply"]
                return Claim("making" if reply is None else "made", rows[0]["body_hash"], reply)
            self.db.execute(
                "INSERT INTO run_requests (owner_hash, key, body_hash, created_at) "
                "VALUES (?, ?, ?, ?)",
                (owner, key, body_hash, now),
            )
        return Claim("new", body_hash)

    def reply(self, owner: str, key: str, body_hash: str, now: float | None = None) -> str | None:
        """The reply of the run this key's request made, if it made one within the day and was
        this same request; None otherwise (`claim` then says which)."""
        now = time.time() if now is None else now
        rows = self.db.execute(
            "SELECT reply FROM run_requests WHERE owner_hash = ? AND key = ? AND body_hash = ? "
            "AND reply IS NOT NULL AND created_at >= ?",
            (owner, key, body_hash, now - KEEP_SECONDS),
        )
        return str(rows[0]["reply"]) if rows else None

    def keep(self, owner: str, key: str, reply: str, run_id: str) -> None:
        """The reply of the run the key's request made."""
        self.db.execute(
            "UPDATE run_requests SET reply = ?, run_id = ? WHERE owner_hash = ? AND key = ?",
            (reply, run_id, owner, key),
        )

    def release(self, owner: str, key: str) -> None:
        """The request made no run (refused, or it failed): the key may be sent again."""
        self.db.execute(
            "DELETE FROM run_requests WHERE owner_hash = ? AND key = ? AND reply IS NULL",
            (owner, key),
        )
