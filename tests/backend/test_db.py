"""Deleting runs gives their space back to the disk: the database file and its log shrink."""

import sqlite3
from pathlib import Path

import pytest

from torchcanvas.store.db import WAL_KEEP_BYTES, Database
from torchcanvas.store.removal import delete_run

EVENTS = 20_000  # about 20 MB of events, as a run of a few minutes stores


def _on_disk(path: Path) -> int:
    """The database's bytes on disk, its write-ahead log included."""
    wal = path.with_name(path.name + "-wal")
    return path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)


def _run_with_events(db: Database, run_id: str) -> None:
    db.execute(
        "INSERT INTO runs (id, status, created_at, design, training, metrics) "
        "VALUES (?, 'succeeded', 0, '{}', '{}', '{}')",
        (run_id,),
    )
    with db.transaction():
        for seq in range(1, EVENTS + 1):
            db.execute(
                "INSERT INTO events (run_id, seq, body) VALUES (?, ?, ?)",
                (run_id, seq, "x" * 1000),
            )


def _legacy_database(path: Path) -> None:
    """A database as servers made it before auto_vacuum was set."""
    Database(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA auto_vacuum=NONE")
    conn.execute("VACUUM")
    assert conn.execute("PRAGMA auto_vacuum").fetchone()[0] == 0
    conn.close()


@pytest.mark.parametrize("legacy", [False, True], ids=["new", "made before auto_vacuum"])
def test_deleted_runs_give_their_space_back(tmp_path: Path, legacy: bool) -> None:
    path = tmp_path / "torchcanvas.db"
    if legacy:
        _legacy_database(path)
    db = Database(path)
    assert db.reclaim() is False  # nothing deleted: no work
    _run_with_events(db, "kept")
    _run_with_events(db, "deleted")
    full = _on_disk(path)
    assert full > 2 * EVENTS * 1000
    assert delete_run(db, "deleted", tmp_path / "runs" / "deleted")
    assert db.reclaim() is True
    # Half the events are gone, and so is their space; the log is cut back too.
    assert _on_disk(path) < full * 0.6, (full, _on_disk(path))
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size <= WAL_KEEP_BYTES
    assert db.execute("SELECT COUNT(*) AS n FROM events")[0]["n"] == EVENTS
    assert db.execute("PRAGMA auto_vacuum")[0][0] == 2  # incremental from now on
    db.close()
