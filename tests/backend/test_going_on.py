"""A run the server's stop interrupted, which cannot go on as the server starts again: it stays
failed, and says why (the run that can is in test_runs.py's restart test)."""

import os
import signal
import time
from pathlib import Path

import httpx2 as httpx

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING, open_client, start_run, wait_for
from tests.serve import start
from torchcanvas.store.db import DATABASE_NAME, Database
from torchcanvas.store.going_on import GoingOn
from torchcanvas.training.run_folder import RunFolder


def test_a_run_whose_checkpoints_no_longer_read_stays_failed_saying_why(tmp_path: Path) -> None:
    with open_client(tmp_path) as first:
        run_id = start_run(first, epochs=500, batch_size=8)
        deadline = time.monotonic() + 60
        while not any(
            e["type"] == "progress" for e in first.get(f"/api/runs/{run_id}/events").json()
        ):
            assert time.monotonic() < deadline, "the run never trained a step"
            time.sleep(0.05)
        owner = first.cookies["torchcanvas_owner"]
    checkpoints = [path for _, path in RunFolder(tmp_path / "runs" / run_id).checkpoints()]
    assert checkpoints, "the stop saved no checkpoint"
    for path in checkpoints:  # as a disk that lost them would leave them
        path.write_bytes(b"not a checkpoint")
    with open_client(tmp_path) as second:
        second.cookies.set("torchcanvas_owner", owner)
        run = second.get(f"/api/runs/{run_id}").json()
        why = (
            "The server stopped before this run finished, and it could not go on: "
            f"Run {run_id} cannot continue: no checkpoint of it can be read"
        )
        assert run["status"] == "failed" and run["error"].startswith(why), run["error"]
        log = second.get(f"/api/runs/{run_id}/events").json()
        stopped, could_not = log[-2:]
        assert stopped["type"] == could_not["type"] == "end"
        assert stopped["message"].endswith(
            "It goes on from its last checkpoint when the server starts again."
        )
        assert could_not["message"] == run["error"] and could_not["interrupted"]
        assert could_not["metrics"] == stopped["metrics"] == run["metrics"]
    with open_client(tmp_path) as third:
        third.cookies.set("torchcanvas_owner", owner)  # said once: a third start adds nothing
        assert third.get(f"/api/runs/{run_id}/events").json() == log


def test_a_run_marked_to_go_on_whose_server_was_killed_before_its_end_goes_on(
    tmp_path: Path,
) -> None:
    """The mark is made as the stop explains the end, before the end is stored: a server killed
    in between (its stop given too little time) leaves the run `running` and marked, and the next
    start fails it as a killed server's run, then has it go on."""
    training = {**DIGITS_TRAINING, "epochs": 500, "batch_size": 8}
    with start(tmp_path) as server, httpx.Client(base_url=server.url, timeout=30) as client:
        run_id = client.post("/api/runs", json={"design": DIGITS_CNN, "training": training})
        run_id = run_id.json()["id"]
        deadline = time.monotonic() + 60
        while client.get(f"/api/runs/{run_id}").json()["metrics"]["epoch"] < 1:
            assert time.monotonic() < deadline, "the run never ended an epoch"
            time.sleep(0.05)
        db = Database(tmp_path / DATABASE_NAME)
        GoingOn(db).mark(run_id)  # as the stop's end was explained
        db.close()
        os.kill(server.pid, signal.SIGKILL)  # before the end was stored
        cookies = client.cookies
    with start(tmp_path) as server, httpx.Client(base_url=server.url, cookies=cookies) as client:
        run = wait_for(client, run_id, {"running"})  # type: ignore[arg-type]
        assert run["error"] is None
        assert client.post(f"/api/runs/{run_id}/cancel").status_code == 200
        wait_for(client, run_id, {"cancelled"})  # type: ignore[arg-type]
