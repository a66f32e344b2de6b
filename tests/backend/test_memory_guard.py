"""A worker past the memory a run may use is stopped, and its run says how much it used and why."""

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING, ENDED, wait_for
from torchcanvas.api.app import create_app
from torchcanvas.config import ServerConfig

LIMIT_GIB = 0.6  # a worker with torch and digits loaded: about 0.35 GiB; a small run adds little

# About 34M parameters: with Adam's two moments and the gradients, about 0.5 GiB more.
WIDE: dict[str, Any] = {
    "version": 1,
    "name": "wide",
    "input_shape": [1, 8, 8],
    "layers": [
        {"id": "flat", "type": "Flatten"},
        {"id": "fc1", "type": "Linear", "params": {"out_features": 4096}},
        {"id": "act1", "type": "ReLU"},
        {"id": "fc2", "type": "Linear", "params": {"out_features": 8192}},
        {"id": "act2", "type": "ReLU"},
        {"id": "fc3", "type": "Linear", "params": {"out_features": 10}},
    ],
}


def _run(client: TestClient, design: dict[str, Any]) -> dict[str, Any]:
    training = {**DIGITS_TRAINING, "epochs": 2, "optimizer": "Adam"}
    created = client.post("/api/runs", json={"design": design, "training": training})
    assert created.status_code == 201, created.text
    return wait_for(client, created.json()["id"], ENDED, timeout=180)


def _end(client: TestClient, run_id: str) -> dict[str, Any]:
    events = client.get(f"/api/runs/{run_id}/events", params={"limit": 1000}).json()
    end: dict[str, Any] = events[-1]
    assert end["type"] == "end"
    return end


def test_a_run_over_the_memory_limit_is_stopped_and_says_why(tmp_path: Path) -> None:
    settings = ServerConfig(
        pin_cores=False,
        data_dir=tmp_path,
        workers=1,
        worker_threads=1,
        max_worker_memory_gib=LIMIT_GIB,
    )
    with TestClient(create_app(settings)) as client:
        assert _run(client, DIGITS_CNN)["status"] == "succeeded"  # a small run is left alone
        wide = _run(client, WIDE)
        assert wide["status"] == "failed"
        end = _end(client, wide["id"])
        message = end["message"]
        assert message.startswith("This run used "), message
        assert (
            f"GiB of memory, more than a run may use on this server ({LIMIT_GIB:.2f} GiB, "
            "TORCHCANVAS_MAX_WORKER_MEMORY_GIB), so it was stopped: lower the batch size"
        ) in message
        assert float(message.split()[3]) >= LIMIT_GIB  # read twice a second: just past it, or more
        assert not end.get("interrupted")  # Continue would only take as much again
        # The worker was replaced: the next run trains.
        assert _run(client, DIGITS_CNN)["status"] == "succeeded"
