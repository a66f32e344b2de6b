"""A run's end that a full disk refused (a real tmpfs) is stored as the server stops, in the room
of its space reserve: the next start reads the disk's reason, not "The server stopped…"."""

from pathlib import Path

from fastapi.testclient import TestClient

from tests.backend.conftest import read_socket, start_run, wait_for
from tests.backend.small_disk import fill, small_disk
from torchcanvas.api.app import create_app
from torchcanvas.config import ServerConfig
from torchcanvas.store.space_reserve import RESERVE_NAME

DISK_REASON = "The server could not store this run's progress ("


def test_an_end_the_full_disk_refused_outlives_a_clean_stop(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", 24 * 2**20) as disk:
        settings = ServerConfig(
            pin_cores=False, data_dir=disk / "data", workers=1, worker_threads=1, min_free_bytes=0
        )
        with TestClient(create_app(settings)) as client:
            run_id = start_run(client, epochs=500, batch_size=8)
            assert (disk / "data" / RESERVE_NAME).is_file()  # made as the first request came
            wait_for(client, run_id, {"running"})
            filler = fill(disk)
            run = wait_for(client, run_id, {"failed"}, timeout=15)
            assert run["error"].startswith(DISK_REASON)
            recorder = client.app.state.services.run_service.recorder  # type: ignore[attr-defined]
            assert recorder.end_pending(run_id)  # kept in memory only, the disk still full
            owner = dict(client.cookies)
        # Stopped cleanly on the full disk: its end went into the reserve's room.
        assert not (disk / "data" / RESERVE_NAME).exists()
        filler.unlink()
        with TestClient(create_app(settings), cookies=owner) as client:
            run = client.get(f"/api/runs/{run_id}").json()
            assert run["status"] == "failed"
            assert run["error"].startswith(DISK_REASON), run["error"]
            end = read_socket(client, run_id)[-1]  # its log ends with that end, once
            assert (end["type"], end["status"]) == ("end", "failed")
            assert end["message"].startswith(DISK_REASON)
