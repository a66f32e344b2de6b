"""The embedded SQLite database: runs, their events, owners and share links, classes, and upload
owners."""

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from torchcanvas.store.data_format import FORMAT, NewerData
from torchcanvas.store.free_space import free_bytes

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    created_at REAL NOT NULL,
    started_at REAL,
    finished_at REAL,
    design TEXT NOT NULL,
    training TEXT NOT NULL,
    metrics TEXT NOT NULL,
    error TEXT,
    device TEXT
);
CREATE TABLE IF NOT EXISTS events (
    run_id TEXT NOT NULL REFERENCES runs(id),
    seq INTEGER NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (run_id, seq)
);
CREATE TABLE IF NOT EXISTS run_owners (
    run_id TEXT PRIMARY KEY REFERENCES runs(id),
    owner_hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS shares (
    id TEXT PRIMARY KEY,
    run_id TEXT NOT NULL REFERENCES runs(id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at REAL NOT NULL,
    expires_at REAL,
    revoked_at REAL
);
CREATE TABLE IF NOT EXISTS uploads (
    id TEXT PRIMARY KEY,
    owner_hash TEXT
);
CREATE TABLE IF NOT EXISTS owner_transfers (
    code_hash TEXT PRIMARY KEY,
    owner_hash TEXT NOT NULL,
    sealed TEXT NOT NULL,
    expires_at REAL NOT NULL
);
-- What a deleted run leaves: who deleted it and when, and its links' hashes, so that an old
-- address says "deleted" to the one who deleted it, and a link says so to whoever opens it.
CREATE TABLE IF NOT EXISTS deleted_runs (
    run_id TEXT PRIMARY KEY,
    owner_hash TEXT NOT NULL,
    deleted_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS deleted_shares (
    token_hash TEXT PRIMARY KEY,
    deleted_at REAL NOT NULL
);
-- Tombstones are forgotten oldest first (store/tombstones.py, forget_old).
CREATE INDEX IF NOT EXISTS deleted_runs_by_time ON deleted_runs (deleted_at);
CREATE INDEX IF NOT EXISTS deleted_shares_by_time ON deleted_shares (deleted_at);
-- Runs waiting for a worker and the client address that queued each (store/queued_from.py).
CREATE TABLE IF NOT EXISTS queued_from (
    run_id TEXT PRIMARY KEY,
    address TEXT NOT NULL
);
-- Runs queued, running or paused that a client queued with an owner cookie this server had not
-- issued (a made-up one, or none), and its address: they count as the address's
-- (store/address_runs.py).
CREATE TABLE IF NOT EXISTS address_runs (
    run_id TEXT PRIMARY KEY,
    address TEXT NOT NULL
);
-- The owner identities that stored their first upload or run from a client address (a keyed
-- hash of it) in the last day, and when (store/address_use.py): an address makes only so many.
CREATE TABLE IF NOT EXISTS address_owners (
    address_hash TEXT NOT NULL,
    owner_hash TEXT NOT NULL,
    first_at REAL NOT NULL,
    PRIMARY KEY (address_hash, owner_hash)
);
-- The key owner cookies are signed with (store/owners.py), made once.
CREATE TABLE IF NOT EXISTS server_keys (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
-- Runs a stop of the server interrupted, to go on as it starts again (runs/going_on.py).
CREATE TABLE IF NOT EXISTS going_on (run_id TEXT PRIMARY KEY);
-- A teacher's classes (store/classes.py): the code students type, and the runs handed in to
-- each, every one a share link of the run (`token`: the link, for the teacher's page to open).
CREATE TABLE IF NOT EXISTS classes (
    code TEXT PRIMARY KEY,
    owner_hash TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at REAL NOT NULL,
    ended_at REAL
);
CREATE TABLE IF NOT EXISTS class_entries (
    id TEXT PRIMARY KEY,
    class_code TEXT NOT NULL REFERENCES classes(code),
    run_id TEXT NOT NULL,
    share_id TEXT NOT NULL UNIQUE,
    token TEXT NOT NULL,
    student_name TEXT NOT NULL,
    handed_at REAL NOT NULL,
    UNIQUE (class_code, run_id)
);
-- The Idempotency-Key of each new run's request that sent one (store/request_keys.py): the
-- request's hash, and its reply once made (NULL while it is being made).
CREATE TABLE IF NOT EXISTS run_requests (
    owner_hash TEXT NOT NULL,
    key TEXT NOT NULL,
    body_hash TEXT NOT NULL,
    reply TEXT,
    created_at REAL NOT NULL,
    PRIMARY KEY (owner_hash, key)
);
-- When each owner was last seen (store/owner_visits.py): where TORCHCANVAS_KEEP_IDLE_DAYS is set,
-- the runs and uploads of an owner unseen for that long are deleted.
CREATE TABLE IF NOT EXISTS owner_visits (
    owner_hash TEXT PRIMARY KEY,
    seen_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS owner_visits_by_time ON owner_visits (seen_at);
CREATE INDEX IF NOT EXISTS classes_by_owner ON classes (owner_hash);
CREATE INDEX IF NOT EXISTS class_entries_by_run ON class_entries (run_id);
CREATE INDEX IF NOT EXISTS shares_by_run ON shares (run_id);
CREATE INDEX IF NOT EXISTS address_runs_by_address ON address_runs (address);
CREATE INDEX IF NOT EXISTS queued_from_by_address ON queued_from (address);
CREATE INDEX IF NOT EXISTS uploads_by_owner ON uploads (owner_hash);
CREATE INDEX IF NOT EXISTS run_owners_by_owner ON run_owners (owner_hash);
CREATE INDEX IF NOT EXISTS runs_by_status ON runs (status);
"""
# Indexes on added columns, made once the columns are there.
_ADDED_INDEXES = """
CREATE INDEX IF NOT EXISTS runs_by_group ON runs (run_group);
CREATE INDEX IF NOT EXISTS uploads_by_address ON uploads (address_hash);
CREATE INDEX IF NOT EXISTS run_owners_by_address ON run_owners (address_hash);
CREATE INDEX IF NOT EXISTS classes_by_address ON classes (address_hash);
CREATE INDEX IF NOT EXISTS uploads_from_address ON uploads (from_address);
CREATE INDEX IF NOT EXISTS uploads_by_token ON uploads (owner_hash, token);
CREATE INDEX IF NOT EXISTS run_owners_from_address ON run_owners (from_address);
CREATE INDEX IF NOT EXISTS address_owners_by_time ON address_owners (first_at);
CREATE INDEX IF NOT EXISTS run_requests_by_time ON run_requests (created_at);
CREATE INDEX IF NOT EXISTS run_requests_by_run ON run_requests (run_id);
"""
# Columns added since the tables were first made: a database without them gets them when opened.
_ADDED_COLUMNS = {
    "runs": {
        "name": "TEXT",
        "note": "TEXT",
        "dataset_title": "TEXT",
        "event_bytes": "INTEGER NOT NULL DEFAULT 0",  # its events' stored size, for the quota
        "training_seconds": "REAL",  # null for runs from before it was counted (store/runs.py)
        "training_since": "REAL",
        "run_group": "TEXT",  # Run.group: runs started together, as a sweep of learning rates
        "lr_changes": "TEXT",  # Run.lr_changes as JSON: new learning rates its Continues set
        "based_on": "TEXT",  # Run.based_on: the earlier run it was made from (store/based_on.py)
        "copied_at": "INTEGER",  # Run.copied_at: a copy's last event from based_on's log
    },
    "shares": {"ending": "TEXT"},
    # The keyed hash of the address a class was created from (api/access.py, address_hash): the
    # classes an address may create in a day.
    "classes": {"address_hash": "TEXT"},
    # address_hash: the keyed hash of the client address that made an upload or a run with an
    # owner cookie this server had not issued (api/access.py, address_hash): their disk quotas
    # are its. from_address: the same hash for every upload and run, whatever its owner cookie:
    # all the owners of one address keep a bounded total (store/address_use.py); rows from
    # before know it only where address_hash does.
    # token: what the upload's request named it by (Upload-Token), for a sender whose reply was
    # lost to ask whether it was kept (api/routes/uploads_sent.py).
    "uploads": {"address_hash": "TEXT", "from_address": "TEXT", "token": "TEXT"},
    "run_owners": {"address_hash": "TEXT", "from_address": "TEXT"},
    # The run a key's request made (its reply's id): the key goes with the run when it is deleted.
    "run_requests": {"run_id": "TEXT"},
}

# How an added column is filled for the rows that were there before it.
_FILLED = {
    ("runs", "event_bytes"): "UPDATE runs SET event_bytes = (SELECT COALESCE(SUM(LENGTH(body)), 0) "
    "FROM events WHERE events.run_id = runs.id)",
    ("uploads", "from_address"): "UPDATE uploads SET from_address = address_hash",
    ("run_owners", "from_address"): "UPDATE run_owners SET from_address = address_hash",
    ("run_requests", "run_id"): "UPDATE run_requests SET run_id = "
    "CASE WHEN json_valid(reply) THEN json_extract(reply, '$.id') END",
}


DATABASE_NAME = "torchcanvas.db"  # in the data folder

# The write-ahead log is cut back to this after each checkpoint; without a limit it keeps the
# size of the largest burst of writes it ever took (SQLite reuses it, never shrinks it).
WAL_KEEP_BYTES = 4 * 2**20
RECLAIM_PAGES = 32_768  # pages one reclaim gives back at most (128 MiB of 4 KiB pages)
_INCREMENTAL = 2  # PRAGMA auto_vacuum: 0 none, 1 full, 2 incremental


class Database:
    """One SQLite connection shared by the server's threads, one statement at a time."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._conn.row_factory = sqlite3.Row
        self.lock = threading.RLock()
        self._freed = False  # rows were deleted since the last reclaim
        stamped = self._one("PRAGMA user_version")  # before anything here writes to it
        if stamped > FORMAT:
            self._conn.close()
            raise NewerData(path, stamped)
        with self.lock:
            # Takes effect in a new database only (before its first table): pages that deleted
            # rows free can then go back to the disk (reclaim). An older one is converted there.
            self._conn.execute("PRAGMA auto_vacuum=INCREMENTAL")
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute(f"PRAGMA journal_size_limit={WAL_KEEP_BYTES}")
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.executescript(_SCHEMA)
            self._add_columns()
            self._conn.executescript(_ADDED_INDEXES)
            if stamped < FORMAT:  # made here, or by a version before the stamp: it is now this
                self._conn.execute(f"PRAGMA user_version={FORMAT}")

    def _add_columns(self) -> None:
        for table, columns in _ADDED_COLUMNS.items():
            present = {row["name"] for row in self._conn.execute(f"PRAGMA table_info({table})")}
            for column, kind in columns.items():
                if column in present:
                    continue
                # The column and its filling at once: a fill that failed would otherwise leave
                # the column there, never to be filled.
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    self._conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
                    if (table, column) in _FILLED:  # once, as the column is added
                        self._conn.execute(_FILLED[table, column])
                except BaseException:
                    self._conn.execute("ROLLBACK")
                    raise
                self._conn.execute("COMMIT")

    def freed(self) -> None:
        """Rows were deleted (a run and its events): the next reclaim gives their space back."""
        self._freed = True

    def reclaim(self) -> bool:
        """Gives the pages of deleted rows back to the disk, and cuts the write-ahead log back;
        nothing when no rows were deleted since the last time. True when it did the work,
        which is bounded: RECLAIM_PAGES at most, the rest at the next reclaim.

        A database made before auto_vacuum was set is rebuilt once (VACUUM) to take it, when
        what was freed is a quarter of it or more and the disk has room for the copy."""
        if not self._freed:
            return False
        with self.lock:
            self._freed = False
            page_size = self._one("PRAGMA page_size")
            pages, free_pages = self._one("PRAGMA page_count"), self._one("PRAGMA freelist_count")
            if self._one("PRAGMA auto_vacuum") == _INCREMENTAL:
                # executescript steps the pragma to its end (execute frees a single page).
                self._conn.executescript(f"PRAGMA incremental_vacuum({RECLAIM_PAGES})")
                self._freed = free_pages > RECLAIM_PAGES  # the rest at the next reclaim
            elif free_pages * 4 >= pages and free_bytes(self.path.parent) > pages * page_size:
                self._conn.execute("PRAGMA auto_vacuum=INCREMENTAL")
                self._conn.execute("VACUUM")
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        return True

    def _one(self, sql: str) -> int:
        return int(self._conn.execute(sql).fetchone()[0])

    def execute(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        with self.lock:
            return self._conn.execute(sql, params).fetchall()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Statements that all happen or none do; rolled back on any error. Inside another
        transaction (of this thread: the lock is held), they are part of that one."""
        with self.lock:
            if self._conn.in_transaction:
                yield
                return
            # IMMEDIATE: the write lock from the start, waited for as any write is. A deferred
            # BEGIN that read first got "database is locked" at once where another connection
            # had written meanwhile (a test editing the live database), busy timeout or not.
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def close(self) -> None:
        with self.lock:
            self._conn.close()
