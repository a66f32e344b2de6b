"""The rows of a run copied under a new id (Train more as a new run, runs/run_copies.py): its
record, its events and its owner, in one transaction."""

import time

from torchcanvas.store.db import Database

# Copied as they are; the rest is the copy's own (its id, name, creation, origin) or left empty:
# a copy is trained by nobody yet, is in no sweep, and has no share links or class entries.
_KEPT_COLUMNS = (
    "status, started_at, finished_at, design, training, metrics, error, device, note, "
    "dataset_title, event_bytes, training_seconds, lr_changes"
)


def copy_run_rows(db: Database, run_id: str, copy_id: str, name: str) -> int:
    """Copies run `run_id`'s record, events and owner to `copy_id`, named `name`, its `based_on`
    the run and its `copied_at` the seq of the last event it took; returns that seq."""
    with db.transaction():
        rows = db.execute(
            "SELECT COALESCE(MAX(seq), 0) AS last FROM events WHERE run_id = ?", (run_id,)
        )
        last = int(rows[0]["last"])
        db.execute(
            f"INSERT INTO runs (id, created_at, name, based_on, copied_at, {_KEPT_COLUMNS}) "
            f"SELECT ?, ?, ?, id, ?, {_KEPT_COLUMNS} FROM runs WHERE id = ?",
            (copy_id, time.time(), name, last, run_id),
        )
        db.execute(  # the stored text as it is: a seq is its own, a body names no run
            "INSERT INTO events (run_id, seq, body) SELECT ?, seq, body FROM events "
            "WHERE run_id = ? ORDER BY seq",
            (copy_id, run_id),
        )
        db.execute(  # its owner's; where it was queued from is this request's (api/services.py)
            "INSERT INTO run_owners (run_id, owner_hash) SELECT ?, owner_hash FROM run_owners "
            "WHERE run_id = ?",
            (copy_id, run_id),
        )
    return last


def event_bytes(db: Database, run_id: str) -> int:
    """What the run's events take as stored, as its owner's disk quota counts them."""
    rows = db.execute("SELECT CAST(event_bytes AS INTEGER) AS n FROM runs WHERE id = ?", (run_id,))
    return int(rows[0]["n"] or 0) if rows else 0
