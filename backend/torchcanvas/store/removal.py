"""Deleting a run with everything it left: its files, events, owner record and share links (a
tombstone keeps who deleted it, and its links' hashes: store/tombstones.py)."""

import shutil
from pathlib import Path

from torchcanvas.store.db import Database
from torchcanvas.store.tombstones import bury


def delete_run(db: Database, run_id: str, folder: Path) -> bool:
    """Removes the run's rows, then its artefact folder; False if another delete came first."""
    if not forget_run(db, run_id):
        return False
    shutil.rmtree(folder, ignore_errors=True)
    return True


def forget_run(db: Database, run_id: str) -> bool:
    """Removes the run's rows, leaving its folder to remove (a large one takes a while); False if
    another delete came first."""
    with db.transaction():
        if not db.execute("SELECT 1 FROM runs WHERE id = ?", (run_id,)):
            return False
        bury(db, run_id)
        # run_requests: the key that made it may make a new run (store/request_keys.py).
        for table in ("class_entries", "shares", "run_owners", "events", "run_requests"):
            db.execute(f"DELETE FROM {table} WHERE run_id = ?", (run_id,))
        db.execute("DELETE FROM runs WHERE id = ?", (run_id,))
    db.freed()  # its events' pages go back to the disk at the next reclaim (runs/service.py)
    return True
