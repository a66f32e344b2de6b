"""One server a data folder (data_lock.py): a second `python -m torchcanvas` on a folder in use
is refused in one line, on any port, and leaves the first one's runs alone; a server that has
the folder to itself removes every upload a killed one left half-written."""

import errno
import fcntl
import os
import time
from pathlib import Path

import httpx2 as httpx
import pytest

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING, wait_for
from tests.backend.test_startup import one_clear_line, start
from tests.serve import free_port
from tests.serve import start as serve
from torchcanvas.data_lock import lock_data_dir
from torchcanvas.training.data.storage import datasets_folder


def test_a_second_server_on_a_folder_in_use_is_refused_and_touches_nothing(
    tmp_path: Path,
) -> None:
    training = {**DIGITS_TRAINING, "epochs": 500, "batch_size": 8}
    with serve(tmp_path) as server, httpx.Client(base_url=server.url, timeout=30) as client:
        created = client.post("/api/runs", json={"design": DIGITS_CNN, "training": training})
        run_id = created.json()["id"]
        wait_for(client, run_id, {"running"})  # type: ignore[arg-type]
        done = start(tmp_path, free_port())
        one_clear_line(done, f"in use by another TorchCanvas server (pid {server.pid})")
        assert "TORCHCANVAS_DATA" in done.stderr
        # The first server's run trains on: the second one failed it as a dead server's once.
        time.sleep(1)
        run = client.get(f"/api/runs/{run_id}").json()
        assert (run["status"], run["error"]) == ("running", None), run
        assert client.post(f"/api/runs/{run_id}/cancel").status_code == 200
        wait_for(client, run_id, {"cancelled"})  # type: ignore[arg-type]
    # The lock went with the first server: the next one has the folder to itself, and removes
    # every upload a killed server left half-written, a fresh one too (one start for both).
    partial = datasets_folder(tmp_path) / ".partial-0123456789abcdef"
    partial.mkdir(parents=True)
    (partial / "upload.csv").write_bytes(b"x" * 100_000)  # a killed server's, a moment ago
    with serve(tmp_path) as server:
        assert server.pid
        assert not partial.exists()
    assert "Removed .partial-0123456789abcdef" in (tmp_path / "server.log").read_text()


def test_a_folder_that_cannot_be_locked_is_said_and_used_unlocked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Some network mounts have no locks: flock fails with ENOLCK, not as a folder in use."""

    def no_locks(fd: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, os.strerror(errno.ENOLCK))

    monkeypatch.setattr(fcntl, "flock", no_locks)
    warning = lock_data_dir(tmp_path)
    assert warning is not None and "cannot be locked (No locks available)" in warning
    assert "start only one" in warning
