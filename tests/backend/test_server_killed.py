"""A server killed outright (kill -9, a crash) while a run trains, behind its worker (as on a
loaded machine: the events sent wait unread in the pipe): the worker kept the checkpoints the
server had not said it stored, the next start goes back to the one the event log reaches, and
Continue goes on from the epoch after the last one logged, skipping none."""

import os
import signal
import time
from pathlib import Path

import httpx2 as httpx

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING, wait_for
from tests.serve import start
from torchcanvas.training.checkpoint import read_position
from torchcanvas.training.run_folder import RunFolder


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid`: the server's workers."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _gone(pids: list[int], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not any(Path(f"/proc/{pid}").exists() for pid in pids):
            return True
        time.sleep(0.05)
    return False


def _epochs(client: httpx.Client, run_id: str) -> list[int]:
    events = client.get(f"/api/runs/{run_id}/events", params={"limit": 10_000}).json()
    return [event["epoch"] for event in events if event["type"] == "epoch"]


def _while_epochs_wait_for_a_checkpoint(client: httpx.Client, run_id: str) -> None:
    """Returns once the run trains an epoch beyond the one after its last logged epoch: a
    finished epoch's event waits for the next checkpoint (every half second), so the worker
    holds at least one that its server has not logged."""
    seq, logged, deadline = 0, 0, time.monotonic() + 90
    while time.monotonic() < deadline:
        events = client.get(f"/api/runs/{run_id}/events", params={"after": seq}).json()
        for event in events:
            seq = event["seq"]
            if event["type"] == "epoch":
                logged = event["epoch"]
            elif event["type"] == "progress" and logged >= 3 and event["epoch"] >= logged + 2:
                return
        time.sleep(0.02)
    raise AssertionError("the run never held an epoch for its next checkpoint")


def _newest(folder: RunFolder) -> int:
    """The number of the run's newest checkpoint; 0 before its first."""
    return max((number for number, _ in folder.checkpoints()), default=0)


def _until_saved(folder: RunFolder, number: int) -> None:
    """Returns once the run has written its checkpoint numbered `number`."""
    deadline = time.monotonic() + 60
    while _newest(folder) < number:
        assert time.monotonic() < deadline, f"the worker did not save checkpoint {number} in time"
        time.sleep(0.05)


def test_continue_after_the_server_was_killed_skips_no_epoch(tmp_path: Path) -> None:
    training = {**DIGITS_TRAINING, "epochs": 500, "batch_size": 8}
    with start(tmp_path) as server, httpx.Client(base_url=server.url, timeout=30) as client:
        created = client.post("/api/runs", json={"design": DIGITS_CNN, "training": training})
        run_id = created.json()["id"]
        _while_epochs_wait_for_a_checkpoint(client, run_id)
        workers = _children(server.pid)
        assert workers, "the server has no worker process"
        # Stopped, the server reads and stores nothing: its worker trains on, and writes two
        # checkpoints past the epochs logged, their events left in the pipe (a worker that kept
        # only the newest two had none left that the log reaches).
        os.kill(server.pid, signal.SIGSTOP)
        folder = RunFolder(tmp_path / "runs" / run_id)
        _until_saved(folder, _newest(folder) + 2)
        os.kill(server.pid, signal.SIGKILL)
        # Left alone, a worker once stopped its run and saved a checkpoint of where it stood,
        # ahead of the epochs its server had logged.
        assert _gone(workers, 60), "the worker outlived its server by a minute"
        cookie = client.cookies
    with start(tmp_path) as server, httpx.Client(base_url=server.url, cookies=cookie) as client:
        run = wait_for(client, run_id, {"failed"})  # type: ignore[arg-type]
        # Not gone on by itself, as after a stop: a run that brought the server down would
        # bring it down again at every start (runs/going_on.py).
        assert run["error"] == (
            "The server stopped before this run finished. Press Continue to go on from its last "
            "checkpoint."
        )
        logged = _epochs(client, run_id)
        assert logged == list(range(1, len(logged) + 1)) and logged, logged
        end = client.get(f"/api/runs/{run_id}/events", params={"limit": 10000}).json()[-1]
        assert end["type"] == "end" and end["metrics"]["epoch"] == logged[-1], end
        kept = read_position(tmp_path / "runs" / run_id)
        assert kept is not None and kept.metrics["epoch"] == logged[-1], (kept, logged[-1])
        reply = client.post(f"/api/runs/{run_id}/continue", json={"epochs": 2})
        assert reply.status_code == 200, reply.text
        wait_for(client, run_id, {"succeeded"}, timeout=90)  # type: ignore[arg-type]
        epochs = _epochs(client, run_id)
        # Each epoch once, in order: the continued run began where the log ended.
        assert epochs == list(range(1, len(logged) + 3)), epochs
