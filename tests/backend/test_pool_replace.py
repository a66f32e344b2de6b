"""A run continued the moment its worker died is trained by the worker that replaces it: it was
handed to the dead one, still listed while its replacement started, and lost there (queued for
good: a CI run)."""

import os
import signal
import time
from pathlib import Path
from typing import Any

import pytest

from tests.backend.conftest import open_client, start_run, wait_for
from torchcanvas.runs.pool import LocalPool


def test_a_run_continued_as_its_worker_is_replaced_trains_on_the_new_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spawn = LocalPool._spawn

    def slow_spawn(pool: LocalPool, gpu: int) -> Any:
        time.sleep(2)  # a loaded machine: the Continue comes before the replacement is listed
        return spawn(pool, gpu)

    monkeypatch.setattr(LocalPool, "_spawn", slow_spawn)
    with open_client(tmp_path) as client:
        run_id = start_run(client, epochs=500, batch_size=8)
        deadline = time.monotonic() + 60
        while client.get(f"/api/runs/{run_id}").json()["metrics"]["epoch"] < 1:
            assert time.monotonic() < deadline, "the run never ended an epoch"
            time.sleep(0.05)
        (pid,) = client.app.state.services.executor.worker_pids()  # type: ignore[attr-defined]
        os.kill(pid, signal.SIGKILL)
        wait_for(client, run_id, {"failed"}, timeout=30)
        reply = client.post(f"/api/runs/{run_id}/continue", json={"epochs": 1})
        assert reply.status_code == 200, reply.text
        run = wait_for(client, run_id, {"succeeded", "failed", "cancelled"}, timeout=90)
        assert run["status"] == "succeeded", run
