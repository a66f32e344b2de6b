"""A data folder whose database cannot be written (a read-only or failing disk, an immutable file)
answers 503 saying so, not 500; reads go on, and writes work again once it can be written."""

from pathlib import Path

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING, open_client, start_run, wait_for
from torchcanvas.store.db import Database


def _read_only(db: Database, on: bool) -> None:
    """SQLite's own refusal to write, as a read-only file gives it ("attempt to write a
    readonly database"): chattr or a read-only mount need privileges a test may not have."""
    db.execute(f"PRAGMA query_only = {'ON' if on else 'OFF'}")


def test_a_database_that_cannot_be_written_answers_503_and_reads_go_on(tmp_path: Path) -> None:
    with open_client(tmp_path) as client:
        run_id = start_run(client, epochs=1)
        wait_for(client, run_id, {"succeeded"})
        db = client.app.state.services.db  # type: ignore[attr-defined]
        _read_only(db, True)
        try:
            attempts = [
                client.post("/api/runs", json={"design": DIGITS_CNN, "training": DIGITS_TRAINING}),
                client.patch(f"/api/runs/{run_id}", json={"name": "renamed"}),
                client.post(f"/api/runs/{run_id}/shares", json={}),
            ]
            for reply in attempts:
                assert reply.status_code == 503, reply.text
                assert reply.headers["retry-after"] == "5"
                assert reply.json()["detail"] == (
                    "The server could not use its data folder (attempt to write a readonly "
                    "database). Try again in a moment; if it goes on, whoever runs the server "
                    "should check the disk of its data folder (TORCHCANVAS_DATA) and the "
                    "permissions of its files; what is stored may still be read."
                )
            assert client.get("/api/runs").status_code == 200
            assert client.get(f"/api/runs/{run_id}/weights.safetensors").status_code == 200
        finally:
            _read_only(db, False)
        assert client.patch(f"/api/runs/{run_id}", json={"name": "renamed"}).status_code == 200
        assert client.get(f"/api/runs/{run_id}").json()["name"] == "renamed"
