"""Deleting a run with everything it left: its files, events, owner record and share links."""

import shutil
from pathlib import Path

from torchcanvas.store.db import Database


def delete_run(db: Database, run_id: str, folder: Path) -> bool:
    """Removes the run's rows, then its artefact folder; False if another delete came first."""
    with db.transaction():
        if not db.execute("SELECT 1 FROM runs WHERE id = ?", (run_id,)):
            return False
        for table in ("shares", "run_owners", "events"):
            db.execute(f"DELETE FROM {table} WHERE run_id = ?", (run_id,))
        db.execute("DELETE FROM runs WHERE id = ?", (run_id,))
    shutil.rmtree(folder, ignore_errors=True)
    return True
