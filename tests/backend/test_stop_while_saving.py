"""A server stopping while a worker writes a large run's checkpoint: the worker is waited for
while it writes (runs/pool_worker.py), and one killed part-way leaves no half-written file."""

import time
from pathlib import Path
from typing import Any

import pytest

from tests.backend.conftest import open_client, wait_for
from tests.backend.templates import design_json, layer
from torchcanvas.runs import pool_worker

# 20 M parameters trained with Adam: a checkpoint of 0.25 GB, seconds to write here.
BIG = design_json(
    "big",
    [
        layer("fc1", "Linear", out_features=4500),
        layer("act", "ReLU"),
        layer("fc2", "Linear", out_features=4500),
        layer("out", "Linear", out_features=1),
    ],
    input_shape=[1],
)
SINE = {"dataset": "sine", "loss": "MSELoss", "optimizer": "Adam", "lr": 1e-4}
TRAINING = SINE | {"epochs": 50, "batch_size": 8, "seed": 0}


def _paused_then_stopped(data_dir: Path) -> tuple[str, str]:
    """A big run paused, then its server stopped at once: its id and its owner's cookie."""
    with open_client(data_dir) as client:
        reply = client.post("/api/runs", json={"design": BIG, "training": TRAINING})
        assert reply.status_code == 201, reply.text
        run_id = reply.json()["id"]
        wait_for(client, run_id, {"running"}, timeout=120)
        assert client.post(f"/api/runs/{run_id}/pause").status_code == 200
        wait_for(client, run_id, {"paused"}, timeout=120)
        return run_id, client.cookies["torchcanvas_owner"]


def _after_a_restart(data_dir: Path, run_id: str, cookie: str) -> dict[str, Any]:
    with open_client(data_dir) as client:
        client.cookies.set("torchcanvas_owner", cookie)
        run: dict[str, Any] = client.get(f"/api/runs/{run_id}").json()
        return run


def test_a_paused_run_whose_checkpoint_takes_long_to_write_stays_paused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pool_worker, "STOP_WAIT", 0.5)  # well before its checkpoint is written
    started = time.monotonic()
    run_id, cookie = _paused_then_stopped(tmp_path)
    run = _after_a_restart(tmp_path, run_id, cookie)
    assert (run["status"], run["error"], run["worker_gone"]) == ("paused", None, True), run
    assert any((tmp_path / "runs" / run_id).glob("checkpoint-*.safetensors"))
    assert time.monotonic() - started < 120


def test_a_worker_killed_as_it_writes_leaves_no_half_written_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pool_worker, "STOP_WAIT", 0.5)
    monkeypatch.setattr(pool_worker, "SAVE_WAIT", 0.5)  # killed as it writes its checkpoint
    run_id, cookie = _paused_then_stopped(tmp_path)
    run = _after_a_restart(tmp_path, run_id, cookie)
    assert run["status"] == "failed", run
    assert run["error"].startswith("The server stopped while this run was paused."), run
    left = sorted(path.name for path in (tmp_path / "runs" / run_id).iterdir())
    assert not [name for name in left if name.startswith(".tmp") or name.endswith(".partial")]
    assert "design.json" in left, left  # the run's own files stay
