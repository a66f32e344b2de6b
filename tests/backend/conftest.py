"""Fixtures: a real app with real worker processes, on a fresh data folder."""

import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from torchcanvas.api.app import create_app
from torchcanvas.config import ServerConfig

# The design JSON of the design contract (README, "The API"), exactly; the one copy tests import.
DIGITS_CNN: dict[str, Any] = {
    "version": 1,
    "name": "digits-cnn",
    "input_shape": [1, 8, 8],
    "layers": [
        {
            "id": "conv1",
            "type": "Conv2d",
            "params": {"out_channels": 16, "kernel_size": 3, "padding": 1},
        },
        {"id": "act1", "type": "ReLU"},
        {"id": "pool1", "type": "MaxPool2d", "params": {"kernel_size": 2}},
        {"id": "flat", "type": "Flatten"},
        {"id": "fc", "type": "Linear", "params": {"out_features": 10}},
    ],
}
# The MLP template on the digits, as the editor makes it.
DIGITS_MLP_TEMPLATE: dict[str, Any] = {
    "version": 1,
    "name": "mlp",
    "input_shape": [1, 8, 8],
    "layers": [
        {"id": "flat", "type": "Flatten"},
        {"id": "fc1", "type": "Linear", "params": {"out_features": 64}},
        {"id": "act1", "type": "ReLU"},
        {"id": "fc2", "type": "Linear", "params": {"out_features": 64}},
        {"id": "act2", "type": "ReLU"},
        {"id": "out", "type": "Linear", "params": {"out_features": 10}},
    ],
}
DIGITS_TRAINING: dict[str, Any] = {
    "dataset": "digits",
    "loss": "CrossEntropyLoss",
    "optimizer": "Adam",
    "lr": 0.01,
    "epochs": 10,
    "batch_size": 64,
    "seed": 0,
}


def issued_cookie(url: str) -> str:
    """An owner cookie the server at `url` issued: what a new browser's first answer sets."""
    with urllib.request.urlopen(f"{url}/api/health", timeout=30) as reply:
        given = reply.headers["set-cookie"]
    name, _, value = given.split(";")[0].partition("=")
    assert name == "torchcanvas_owner", given
    return value


def open_client(data_dir: Path, workers: int = 1) -> TestClient:
    # An app in the test process leaves its cores alone (pin_cores=False, as every in-process app
    # in the tests): pinned, the whole test process and every browser it launches later would
    # share the server's core. tests/backend/test_cores.py checks the split on a server process.
    settings = ServerConfig(pin_cores=False, data_dir=data_dir, workers=workers, worker_threads=1)
    return TestClient(create_app(settings))


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("data")


@pytest.fixture(scope="module")
def client(data_dir: Path) -> Iterator[TestClient]:
    with open_client(data_dir) as test_client:
        yield test_client


def start_run(client: TestClient, **training: Any) -> str:
    reply = client.post(
        "/api/runs", json={"design": DIGITS_CNN, "training": {**DIGITS_TRAINING, **training}}
    )
    assert reply.status_code == 201, reply.text
    run_id: str = reply.json()["id"]
    return run_id


ENDED = {"succeeded", "failed", "cancelled"}
# Trains for minutes: a test that starts it stops it, or the `long_runs` teardown does.
LONG: dict[str, Any] = {"epochs": 500, "batch_size": 8}
LongRuns = Callable[..., str]


@pytest.fixture
def long_runs() -> Iterator[LongRuns]:
    """Starts long runs, `long_runs(client, **training)`; cancels any still going at teardown.

    So a test that fails midway cannot leave the only worker busy for every later test.
    """
    started: list[tuple[TestClient, str]] = []

    def start(client: TestClient, **training: Any) -> str:
        run_id = start_run(client, **(LONG | training))
        started.append((client, run_id))
        return run_id

    yield start
    for client, run_id in started:
        if client.post(f"/api/runs/{run_id}/cancel").status_code == 200:
            wait_for(client, run_id, ENDED)


def wait_for(
    client: TestClient, run_id: str, statuses: set[str], timeout: float = 60
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run: dict[str, Any] = client.get(f"/api/runs/{run_id}").json()
        if run["status"] in statuses:
            return run
        time.sleep(0.05)
    raise AssertionError(f"run {run_id} did not reach {statuses}: {run}")


def read_socket(client: TestClient, run_id: str, after: int = 0) -> list[dict[str, Any]]:
    """Every message of the run's websocket until the server closes it."""
    from starlette.websockets import WebSocketDisconnect

    events: list[dict[str, Any]] = []
    with client.websocket_connect(f"/api/runs/{run_id}/events?after={after}") as socket:
        while True:
            try:
                events.append(socket.receive_json())
            except WebSocketDisconnect:
                return events
