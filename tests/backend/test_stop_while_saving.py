"""A server stopping while a worker writes a large run's checkpoint: a worker with a run is given
time to save it (runs/pool_worker.py), and what a writer killed part-way leaves goes."""

import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.backend.conftest import open_client, start_run, wait_for
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
    # A worker with no run is killed this soon; this one, with a paused run, saves it first.
    monkeypatch.setattr(pool_worker, "STOP_WAIT", 0.5)
    started = time.monotonic()
    run_id, cookie = _paused_then_stopped(tmp_path)
    run = _after_a_restart(tmp_path, run_id, cookie)
    assert (run["status"], run["error"], run["worker_gone"]) == ("paused", None, True), run
    assert any((tmp_path / "runs" / run_id).glob("checkpoint-*.safetensors"))
    assert time.monotonic() - started < 120


def _plant_half_written(folder: Path) -> list[Path]:
    """What a writer killed part-way leaves: safetensors' own temporary file, and ours."""
    planted = [folder / ".tmpAb12Cd", folder / "checkpoint-9.safetensors.partial"]
    for path in planted:
        path.write_bytes(b"\0" * 1000)
    return planted


def _paused(client: TestClient) -> str:
    run_id = start_run(client, epochs=500, batch_size=8)
    wait_for(client, run_id, {"running"})
    assert client.post(f"/api/runs/{run_id}/pause").status_code == 200
    wait_for(client, run_id, {"paused"})
    return run_id


def test_half_written_files_go_as_their_run_ends_or_the_server_stops(tmp_path: Path) -> None:
    """A worker killed as it writes (a stop, its memory limit, a server that died) leaves them,
    0.6 GB for a large model's checkpoint, counted to its owner's disk for good."""
    with open_client(tmp_path) as client:
        ended = _paused(client)
        planted = _plant_half_written(tmp_path / "runs" / ended)
        assert client.post(f"/api/runs/{ended}/cancel").status_code == 200
        wait_for(client, ended, {"cancelled"})
        assert not [path for path in planted if path.exists()]
        assert (tmp_path / "runs" / ended / "design.json").is_file()  # its own files stay
        kept = _paused(client)  # kept paused across the restart: it records no end
        planted = _plant_half_written(tmp_path / "runs" / kept)
        cookie = client.cookies["torchcanvas_owner"]
    assert not [path for path in planted if path.exists()]
    run = _after_a_restart(tmp_path, kept, cookie)
    assert (run["status"], run["worker_gone"]) == ("paused", True), run
