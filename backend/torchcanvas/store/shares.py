"""Share links: random tokens of which only the hash is stored, with an optional expiry."""

import secrets
import time

from pydantic import BaseModel, Field

from torchcanvas.problems import Conflict, Gone, NotFound, shown_id
from torchcanvas.store.damaged import DamagedRecord, readable, record_of
from torchcanvas.store.db import Database
from torchcanvas.store.owners import digest
from torchcanvas.store.tombstones import link_deleted

ENDING = (
    4  # characters of a link kept in the clear: 4 of its 43 tell links apart, and 232 bits stay
)


class Share(BaseModel):
    """A share link as its owner sees it: never the token, which only its creator ever gets."""

    id: str
    created_at: float
    expires_at: float | None = Field(
        description="Unix time after which the link fails; null: never."
    )
    revoked_at: float | None
    ending: str | None = Field(
        default=None,
        description="The link's last 4 characters, to tell links apart (the rest is never "
        "kept); null for links made before they were kept.",
    )
    handed_in_to: str | None = Field(
        default=None,
        description="The name of the class the link was made for, when its run was handed in "
        "to one (store/classes.py): revoking it takes the run out of the class.",
    )


class ShareUnknown(NotFound, LookupError):
    """A link, or a link's id, that this server never made."""


class ShareGone(Gone, LookupError):
    """A link that was revoked or has expired."""


# Links one run keeps: a script sharing in a loop made 20,000 in 28 s, each a row kept and listed.
MAX_SHARES_PER_RUN = 100


class TooManyShares(Conflict, ValueError):
    """A run whose kept links are all live: one must be revoked before another is made."""


class ShareStore:
    """Creates, lists, revokes and resolves the share links of runs."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def create(
        self, run_id: str, expires_at: float | None, limit: int = MAX_SHARES_PER_RUN
    ) -> tuple[Share, str]:
        """A new link for the run: the record and its token (32 random bytes, 256 bits). A run
        keeps `limit` links: past that its oldest revoked or expired one is forgotten (its page
        then reads as a link that does not exist), and TooManyShares when all are live."""
        token = secrets.token_urlsafe(32)
        share_id = secrets.token_hex(8)
        now = time.time()
        with self.db.transaction():
            kept = self.db.execute("SELECT COUNT(*) FROM shares WHERE run_id = ?", (run_id,))[0][0]
            if kept >= limit:
                self._forget_oldest_ended(run_id, now, kept - limit + 1, limit)
            self.db.execute(
                "INSERT INTO shares (id, run_id, token_hash, created_at, expires_at, ending) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (share_id, run_id, digest(token), now, expires_at, token[-ENDING:]),
            )
        return self._get(run_id, share_id), token  # type: ignore[return-value]

    def _forget_oldest_ended(self, run_id: str, now: float, count: int, limit: int) -> None:
        ended = self.db.execute(
            "SELECT id FROM shares WHERE run_id = ? AND (revoked_at IS NOT NULL "
            "OR (expires_at IS NOT NULL AND expires_at <= ?)) ORDER BY created_at LIMIT ?",
            (run_id, now, count),
        )
        if len(ended) < count:
            raise TooManyShares(
                f"Run {run_id} has {limit} live share links, the most one run may "
                "have: revoke the links no one needs any more (on its model page), then share again."
            )
        for row in ended:
            self.db.execute("DELETE FROM shares WHERE id = ?", (row["id"],))

    def _get(self, run_id: str, share_id: str) -> Share | None:
        rows = self.db.execute(
            "SELECT * FROM shares WHERE id = ? AND run_id = ?", (share_id, run_id)
        )
        return _to_share(rows[0]) if rows else None

    def list(self, run_id: str) -> list[Share]:
        rows = self.db.execute(
            "SELECT shares.*, c.name AS handed_in_to FROM shares "
            "LEFT JOIN class_entries e ON e.share_id = shares.id "
            "LEFT JOIN classes c ON c.code = e.class_code "
            "WHERE shares.run_id = ? ORDER BY shares.created_at",
            (run_id,),
        )
        return readable(rows, _to_share)  # a damaged link is logged and left out: it opens nothing

    def revoke(self, run_id: str, share_id: str) -> None:
        """Revokes the link at once; revoking it again changes nothing. ShareUnknown if unknown.
        A damaged link is revoked too (a revoked_at that is not a time is not a revocation)."""
        self.db.execute(
            "UPDATE shares SET revoked_at = ? WHERE id = ? AND run_id = ? AND (revoked_at IS NULL "
            "OR typeof(revoked_at) NOT IN ('real', 'integer'))",
            (time.time(), share_id, run_id),
        )
        if not self.db.execute(
            "SELECT 1 FROM shares WHERE id = ? AND run_id = ?", (share_id, run_id)
        ):
            raise ShareUnknown(
                f"Run {run_id} has no share link {shown_id(share_id)}: list them to see their ids."
            )

    def resolve(self, token: str) -> str:
        """The run id a live link opens; ShareUnknown or ShareGone for any other token."""
        rows = self.db.execute("SELECT * FROM shares WHERE token_hash = ?", (digest(token),))
        if not rows:
            if link_deleted(self.db, token):
                raise ShareGone("The model behind this link was deleted by its owner.")
            raise ShareUnknown("This share link does not exist: check that it was copied whole.")
        try:
            share = _to_share(rows[0])
        except DamagedRecord:
            raise ShareGone(
                "This share link's record on the server is damaged, so it no longer opens: ask "
                "the model's owner for a new link."
            ) from None
        if share.revoked_at is not None:
            raise ShareGone("This share link was revoked by the model's owner.")
        if share.expires_at is not None and share.expires_at <= time.time():
            raise ShareGone("This share link has expired: ask the model's owner for a new one.")
        return str(rows[0]["run_id"])


def _to_share(row: object) -> Share:
    """A link's row as its record; DamagedRecord (logged) where a column of it does not read."""
    data = dict(row)  # type: ignore[call-overload]
    keys = ("id", "created_at", "expires_at", "revoked_at", "ending", "handed_in_to")
    what = f"share link {data.get('id')} of run {data.get('run_id')}"
    fix = "it opens nothing; revoke it, and share the run again for a new link."
    return record_of(Share, {k: data[k] for k in keys if k in data}, what, fix)
