"""Who owns a run: an owner identity per browser, stored only as its hash, and the login token."""

import hashlib
import hmac
import re
import secrets
import time

from pydantic import BaseModel, Field

from torchcanvas.problems import Forbidden, NotFound
from torchcanvas.store.damaged import DamagedRecord, readable
from torchcanvas.store.db import Database
from torchcanvas.store.run_search import search_clause
from torchcanvas.store.runs import Run, run_from_row

MAX_DAMAGED_LISTED = 100
MAX_CHECKED = 1000  # the runs whose JSON is read for one that no longer reads as a run
# The runs listed after a run, newest first: older, or as old with a smaller id.
_OLDER_THAN = "AND (runs.created_at, runs.id) < (SELECT created_at, id FROM runs WHERE id = ?) "
# Whether a run's JSON columns read as JSON: a row where one does not is damaged.
JSON_COLUMNS_READ = (
    "json_valid(runs.design) AND json_valid(runs.training) AND json_valid(runs.metrics) "
    "AND json_valid(COALESCE(runs.lr_changes, '[]'))"
)

# A value of a run's training settings, read only where they are JSON (a damaged row is left out
# by JSON_COLUMNS_READ, which SQLite need not test first).
TRAINING_AT = "CASE WHEN json_valid(runs.training) THEN json_extract(runs.training, '{}') END"


class DamagedRun(BaseModel):
    """One of the caller's runs whose record in the database no longer reads."""

    id: str
    message: str = Field(description="What is damaged, and how to delete the run.")


_OWNER_ID = re.compile(r"^[A-Za-z0-9_-]{43}$")  # what secrets.token_urlsafe(32) makes: 256 bits


def new_owner_id() -> str:
    """A fresh owner identity for a browser or an API client."""
    return secrets.token_urlsafe(32)


def is_owner_id(value: str | None) -> bool:
    """Whether a cookie holds an identity this server could have made."""
    return value is not None and _OWNER_ID.fullmatch(value) is not None


def owner_key(db: Database) -> bytes:
    """The key this server signs the owner cookies it issues with: made at its first start, and
    kept in the database with the runs, so that a restart knows the cookies it gave."""
    with db.transaction():
        db.execute(
            "INSERT OR IGNORE INTO server_keys (name, value) VALUES ('owner_cookies', ?)",
            (secrets.token_hex(32),),
        )
        rows = db.execute("SELECT value FROM server_keys WHERE name = 'owner_cookies'")
    return bytes.fromhex(rows[0]["value"])


def host_cookie_since(db: Database) -> float:
    """When this server first gave `__Host-` owner cookies over https (api/access.py): made at
    its first start that did, and kept."""
    db.execute(
        "INSERT OR IGNORE INTO server_keys (name, value) VALUES ('host_cookie_since', ?)",
        (repr(time.time()),),
    )
    rows = db.execute("SELECT value FROM server_keys WHERE name = 'host_cookie_since'")
    return float(rows[0]["value"])


def had_runs_before(db: Database, owner_id: str, since: float) -> bool:
    """Whether the identity owns a run created before `since`."""
    return bool(
        db.execute(
            "SELECT 1 FROM run_owners o JOIN runs r ON r.id = o.run_id "
            "WHERE o.owner_hash = ? AND r.created_at < ? LIMIT 1",
            (digest(owner_id), since),
        )
    )


def digest(secret: str) -> str:
    """The sha256 of a secret, which is all that is stored of it."""
    return hashlib.sha256(secret.encode()).hexdigest()


def login_proof(token: str, owner_id: str) -> str:
    """What the login cookie holds: ties one owner identity to the deployment's login token."""
    return hmac.new(token.encode(), owner_id.encode(), hashlib.sha256).hexdigest()


def logged_in(token: str, owner_id: str, proof: str | None, bearer: str | None) -> bool:
    """Whether a request shows the login token: as a bearer token, or as a proof from /api/login."""
    if bearer is not None and hmac.compare_digest(bearer.encode(), token.encode()):
        return True
    # As bytes: compare_digest refuses str with non-ASCII characters, which a cookie may hold.
    expected = login_proof(token, owner_id).encode()
    return proof is not None and hmac.compare_digest(proof.encode(), expected)


class NotOwner(Forbidden, PermissionError):
    """An action that only the run's owner may take, asked by someone else."""


class OwnerStore:
    """Records which owner identity created each run."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def record(self, run_id: str, owner_id: str) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO run_owners (run_id, owner_hash) VALUES (?, ?)",
            (run_id, digest(owner_id)),
        )

    def record_address(self, run_id: str, address_hash: str) -> None:
        """The run was queued from this (hashed) address with an owner cookie this server had
        not issued: its bytes count in that client's disk quota (DiskUse.of_client)."""
        self.db.execute(
            "UPDATE run_owners SET address_hash = ? WHERE run_id = ?", (address_hash, run_id)
        )

    def owns(self, run_id: str, owner_id: str) -> bool:
        rows = self.db.execute("SELECT owner_hash FROM run_owners WHERE run_id = ?", (run_id,))
        return bool(rows) and hmac.compare_digest(rows[0]["owner_hash"], digest(owner_id))

    def owner_hash(self, run_id: str) -> str:
        """The hash of the run's owner, which the queue takes turns by; empty for no owner."""
        rows = self.db.execute("SELECT owner_hash FROM run_owners WHERE run_id = ?", (run_id,))
        return str(rows[0]["owner_hash"]) if rows else ""

    def runs_of(self, owner_id: str) -> set[str]:
        rows = self.db.execute(
            "SELECT run_id FROM run_owners WHERE owner_hash = ?", (digest(owner_id),)
        )
        return {row["run_id"] for row in rows}

    def runs_page(
        self,
        owner_id: str,
        limit: int,
        offset: int,
        group: str | None = None,
        query: str | None = None,
        before: str | None = None,
        statuses: frozenset[str] = frozenset(),
        *,
        dataset: str | None = None,
        range_tests: bool | None = None,
    ) -> list[Run]:
        """The owner's runs, newest first, only those of `group`, those `query` finds
        (run_search.py), those in one of `statuses`, those trained on `dataset`, and range tests
        alone (`range_tests` True) or none (False) when given, and only those older than the
        owner's run `before` (a cursor: a run created meanwhile shifts no page): reads theirs
        alone, however many others have. A damaged one is left out, by the database where it can
        tell (a column that is no JSON), else as it is read (logged), and the rows after it fill
        its place: a page is `limit` long while runs remain (one short reads as the last).
        Newest first is by creation, then id, so that runs created at the same moment keep one
        order."""
        if before is not None and not self.owns(before, owner_id):
            raise NotFound(
                f"before: run {before} is not among this browser's runs (deleted since, or "
                "never one of them): list from the newest again, or page on from a run you have."
            )
        in_group = "" if group is None else "AND run_group = ? "
        found, texts = search_clause(query)
        states = sorted(statuses)
        in_states = f"AND runs.status IN ({', '.join('?' * len(states))}) " if states else ""
        on_dataset = "" if dataset is None else f"AND {TRAINING_AT.format('$.dataset')} = ? "
        kind = {None: "", True: "IS NOT NULL", False: "IS NULL"}[range_tests]
        of_kind = f"AND {TRAINING_AT.format('$.range_test')} {kind} " if kind else ""
        filters = f"{in_group}{found}{in_states}{on_dataset}{of_kind}"
        values = (
            *([] if group is None else [group]),
            *texts,
            *states,
            *([] if dataset is None else [dataset]),
        )
        runs: list[Run] = []
        while True:  # a row left out as it is read: the rows after it fill its place
            asked = limit - len(runs)
            older = "" if before is None else _OLDER_THAN
            rows = self.db.execute(
                "SELECT runs.* FROM runs JOIN run_owners ON run_owners.run_id = runs.id "
                f"WHERE owner_hash = ? AND {JSON_COLUMNS_READ} {filters}{older}"
                "ORDER BY runs.created_at DESC, runs.id DESC LIMIT ? OFFSET ?",
                (
                    digest(owner_id),
                    *values,
                    *([] if before is None else [before]),
                    asked,
                    offset,
                ),
            )
            runs += readable(rows, run_from_row)
            if len(rows) < asked or len(runs) == limit:
                return runs
            before, offset = str(rows[-1]["id"]), 0

    def damaged_runs(self, owner_id: str) -> list[DamagedRun]:
        """The owner's runs whose records no longer read, newest first: left out of their runs
        page, yet their files count to their disk until deleted. The database finds those with
        a column that is no JSON, without reading every run; one whose JSON no longer reads as a
        run (a hand edit, a newer version's record) is found among the newest MAX_CHECKED, as
        many as a runs page reads."""
        mine = "SELECT runs.* FROM runs JOIN run_owners ON run_owners.run_id = runs.id WHERE owner_hash = ?"
        rows = [
            *self.db.execute(
                f"{mine} AND NOT ({JSON_COLUMNS_READ}) ORDER BY runs.created_at DESC LIMIT ?",
                (digest(owner_id), MAX_DAMAGED_LISTED),
            ),
            *self.db.execute(
                f"{mine} AND {JSON_COLUMNS_READ} ORDER BY runs.created_at DESC LIMIT ?",
                (digest(owner_id), MAX_CHECKED),
            ),
        ]
        rows.sort(key=lambda row: (row["created_at"], row["id"]), reverse=True)
        damaged = []
        for row in rows:
            try:
                run_from_row(row)
            except DamagedRecord as damage:
                damaged.append(DamagedRun(id=str(row["id"]), message=str(damage)))
        return damaged[:MAX_DAMAGED_LISTED]

    def unfinished_runs(self, owner_id: str) -> list[Run]:
        """The owner's queued, running and paused runs that read, newest first."""
        rows = self.db.execute(
            "SELECT runs.* FROM runs JOIN run_owners ON run_owners.run_id = runs.id "
            f"WHERE owner_hash = ? AND runs.status IN ('queued', 'running', 'paused') "
            f"AND {JSON_COLUMNS_READ} ORDER BY runs.created_at DESC",
            (digest(owner_id),),
        )
        return readable(rows, run_from_row)

    def active_runs(self, owner_id: str) -> int:
        """How many of the owner's runs are queued, running or paused."""
        rows = self.db.execute(
            "SELECT COUNT(*) AS n FROM runs JOIN run_owners ON run_owners.run_id = runs.id "
            "WHERE owner_hash = ? AND status IN ('queued', 'running', 'paused')",
            (digest(owner_id),),
        )
        return int(rows[0]["n"])

    def paused_beside(self, run_id: str) -> list[Run]:
        """The other paused runs of the run's owner (none for a run with no owner) that read."""
        rows = self.db.execute(
            "SELECT runs.* FROM runs JOIN run_owners ON run_owners.run_id = runs.id "
            "WHERE owner_hash = (SELECT owner_hash FROM run_owners WHERE run_id = ?) "
            "AND runs.status = 'paused' AND runs.id != ? ORDER BY runs.created_at",
            (run_id, run_id),
        )
        return readable(rows, run_from_row)

    def check(self, run_id: str, owner_id: str, action: str) -> None:
        """Raises NotOwner, saying what to do instead, unless owner_id owns the run."""
        if not self.owns(run_id, owner_id):
            raise NotOwner(
                f"Only the browser that started run {run_id} can {action} it: open TorchCanvas "
                "in that browser (API clients: send the torchcanvas_owner cookie it got), "
                "or ask its owner for a share link."
            )
