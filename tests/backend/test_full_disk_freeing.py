"""On a disk with no byte left, what frees space or cuts access still works: deleting a run,
revoking its link, ending a class, taking a run out of one (a security review filled the disk:
each answered 507, "free space ... (delete old runs)", and the link stayed open)."""

import sqlite3
import time
from pathlib import Path

from fastapi.testclient import TestClient

from tests.backend.conftest import start_run, wait_for
from tests.backend.small_disk import fill, small_disk
from tests.backend.upload_files import blobs_csv
from torchcanvas.api.app import create_app
from torchcanvas.config import ServerConfig
from torchcanvas.store.db import Database
from torchcanvas.store.free_space import is_disk_full
from torchcanvas.store.space_reserve import LOOK_EVERY, RESERVE_BYTES, RESERVE_NAME


def _fill_the_database(db: Database, run_id: str) -> None:
    """Adds to the run's history until the database has no room left either (its log's spare
    pages used up), as a long run's events would."""
    last = db.execute("SELECT MAX(seq), body FROM events WHERE run_id = ?", (run_id,))[0]
    seq = last[0]
    try:
        while True:
            db.execute(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500) "
                "INSERT INTO events (run_id, seq, body) SELECT ?, ? + i, ? FROM n",
                (run_id, seq, last[1]),
            )
            seq += 500
    except sqlite3.OperationalError as exc:
        assert is_disk_full(exc), exc


def test_deletes_and_revokes_work_on_a_full_disk(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", 40 * 2**20) as disk:
        settings = ServerConfig(
            pin_cores=False, data_dir=disk / "data", workers=1, worker_threads=1, min_free_bytes=0
        )
        with TestClient(create_app(settings)) as client:
            runs = [start_run(client, epochs=1) for _ in range(2)]
            for run_id in runs:
                wait_for(client, run_id, {"succeeded"})
            share = client.post(f"/api/runs/{runs[0]}/shares").json()
            token = share["url"].rsplit("/", 1)[1]
            code = client.post("/api/classes", json={"name": "Period 3"}).json()["code"]
            handed = client.post(
                f"/api/runs/{runs[1]}/hand-in", json={"code": code, "student_name": "Ana"}
            )
            assert handed.status_code == 201, handed.text
            upload = client.post(
                "/api/datasets",
                files={"file": ("blobs.csv", blobs_csv(), "text/csv")},
                data={"target": "species"},
            )
            assert upload.status_code == 201, upload.text
            db = client.app.state.services.db  # type: ignore[attr-defined]
            filler = fill(disk)
            _fill_the_database(db, runs[1])

            revoked = client.delete(f"/api/runs/{runs[0]}/shares/{share['id']}")
            assert revoked.status_code == 204, revoked.text
            assert client.get(f"/api/shared/{token}").status_code == 410
            dropped = client.delete(f"/api/datasets/{upload.json()['id']}")
            assert dropped.status_code == 204, dropped.text
            assert client.get("/api/datasets").json() == []
            ended = client.delete(f"/api/classes/{code}")
            assert ended.status_code == 204, ended.text
            for run_id in runs:
                deleted = client.delete(f"/api/runs/{run_id}")
                assert deleted.status_code == 204, deleted.text
                assert client.get(f"/api/runs/{run_id}").status_code == 410  # you deleted it
            filler.unlink()
            # Space back: new runs train again, with nothing left behind of the deleted ones.
            wait_for(client, start_run(client, epochs=1), {"succeeded"})
            assert not [p for p in (disk / "data").rglob("*") if p.name in runs]
            left = db.execute("SELECT COUNT(*) FROM events WHERE run_id IN (?, ?)", tuple(runs))
            assert left[0][0] == 0
            # And the reserve is made again, for the next time the disk fills.
            reserve = disk / "data" / RESERVE_NAME
            deadline = time.monotonic() + 3 * LOOK_EVERY
            while not (reserve.exists() and reserve.stat().st_size == RESERVE_BYTES):
                assert time.monotonic() < deadline, "the reserve was not made again"
                client.get("/api/health")
                time.sleep(0.2)
