"""The rows of a run copied under a new id (Train more as a new run, runs/run_copies.py): its
record, its events and its owner, in one transaction; and their removal where the copy could
not be queued."""

import time

from torchcanvas.store.db import Database

# Copied as they are; the rest is the copy's own (its id, name, creation, origin) or left empty:
# a copy is trained by nobody yet, is in no sweep, and has no share links or class entries.
_KEPT_COLUMNS = (
    "status, started_at, finished_at, design, training, metrics, error, device, note, "
    "dataset_title, event_bytes, training_seconds, lr_changes"
)


def last_seq(db: Database, run_id: str) -> int:
    """The seq of the run's last event; 0 for none."""
    rows = db.execute(
        "SELECT COALESCE(MAX(seq), 0) AS last FROM events WHERE run_id = ?", (run_id,)
    )
    return int(rows[0]["last"])


def copy_run_rows(db: Database, run_id: str, copy_id: str, name: str, last: int) -> bool:
    """Copies run `run_id`'s record, events and owner to `copy_id`, named `name`, its `based_on`
    the run and its `copied_at` `last`, the seq of the last event its files were copied after;
    False, copying nothing, where the run's log no longer ends there (or the run is gone)."""
    with db.transaction():
        if last_seq(db, run_id) != last or not db.execute(
            "SELECT 1 FROM runs WHERE id = ?", (run_id,)
        ):
            return False
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
    return True


def forget_copy_rows(db: Database, copy_id: str) -> None:
    """Removes the rows of a copy that could not be queued. Unlike a delete (store/removal.py) it
    leaves no tombstone: nobody was ever shown the copy, and a tombstone would tell its owner
    they had deleted a run they never saw."""
    with db.transaction():
        for table in ("run_owners", "events"):
            db.execute(f"DELETE FROM {table} WHERE run_id = ?", (copy_id,))
        db.execute("DELETE FROM runs WHERE id = ?", (copy_id,))
    db.freed()  # its events' pages go back to the disk at the next reclaim (runs/service.py)


def event_bytes(db: Database, run_id: str) -> int:
    """What the run's events take as stored, as its owner's disk quota counts them."""
    rows = db.execute("SELECT CAST(event_bytes AS INTEGER) AS n FROM runs WHERE id = ?", (run_id,))
    return int(rows[0]["n"] or 0) if rows else 0
