"""A deleted run's tombstone says "you deleted it" for a month, then the run and its links read as
ones that never were, and the rows go at the next delete or start; a loop of deletes keeps only
the newest tombstones."""

from pathlib import Path

from tests.backend.conftest import open_client, start_run, wait_for
from tests.backend.test_shares import share, token_of
from torchcanvas.runs.errors import RunNotFound
from torchcanvas.store.db import Database
from torchcanvas.store.owners import digest
from torchcanvas.store.tombstones import KEPT_FOR, bury


def _buried(db: Database) -> tuple[set[str], int]:
    runs = {row["run_id"] for row in db.execute("SELECT run_id FROM deleted_runs")}
    return runs, db.execute("SELECT COUNT(*) FROM deleted_shares")[0][0]


def test_a_tombstone_is_forgotten_after_its_month(tmp_path: Path) -> None:
    with open_client(tmp_path) as client:
        old, new = start_run(client, epochs=1), start_run(client, epochs=1)
        for run_id in (old, new):
            wait_for(client, run_id, {"succeeded"})
        token = token_of(share(client, old))
        assert client.delete(f"/api/runs/{old}").status_code == 204
        assert client.get(f"/api/runs/{old}").status_code == 410
        assert client.get(f"/api/shared/{token}").status_code == 410
        # A month and a minute later, as the database reads then.
        db: Database = client.app.state.services.db  # type: ignore[attr-defined]
        db.execute("UPDATE deleted_runs SET deleted_at = deleted_at - ?", (KEPT_FOR + 60,))
        db.execute("UPDATE deleted_shares SET deleted_at = deleted_at - ?", (KEPT_FOR + 60,))
        reply = client.get(f"/api/runs/{old}")
        assert (reply.status_code, reply.json()["detail"]) == (404, str(RunNotFound(old)))
        assert client.get(f"/api/shared/{token}").status_code == 404
        # The next delete forgets the old rows, and keeps its own.
        share(client, new)
        assert client.delete(f"/api/runs/{new}").status_code == 204
        assert _buried(db) == ({new}, 1)
        db.execute("UPDATE deleted_runs SET deleted_at = deleted_at - ?", (KEPT_FOR + 60,))
        db.execute("UPDATE deleted_shares SET deleted_at = deleted_at - ?", (KEPT_FOR + 60,))
        assert _buried(db) == ({new}, 1)  # no delete since: still there, though unread
    # A server starting forgets them too.
    with open_client(tmp_path) as client:
        assert _buried(client.app.state.services.db) == (set(), 0)  # type: ignore[attr-defined]


def test_a_loop_of_deletes_keeps_the_newest_tombstones(tmp_path: Path) -> None:
    db = Database(tmp_path / "torchcanvas.db")
    for n in range(5):
        run_id = f"run{n}"
        db.execute(
            "INSERT INTO runs (id, status, created_at, design, training, metrics) "
            "VALUES (?, 'succeeded', 0, '{}', '{}', '{}')",
            (run_id,),
        )
        db.execute(
            "INSERT INTO run_owners (run_id, owner_hash) VALUES (?, ?)", (run_id, digest("me"))
        )
        db.execute(
            "INSERT INTO shares (id, run_id, token_hash, created_at) VALUES (?, ?, ?, 0)",
            (f"share{n}", run_id, digest(f"token{n}")),
        )
        with db.transaction():
            bury(db, run_id, most=3)
    assert _buried(db) == ({"run2", "run3", "run4"}, 3)
    db.close()
