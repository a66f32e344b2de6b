"""A server in the test's own process whose runs train on a Ray cluster, and its executor."""

import time
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from torchcanvas.api.app import create_app
from torchcanvas.config import ServerConfig
from torchcanvas.runs.ray_executor import RayExecutor

# A Ray actor with torch and digits loaded holds about 0.5 GiB; the runs here add little, but the
# memory guard's test asks for gigabytes more.
LIMIT_GIB = 1.5


def ray_client(data_dir: Path, address: str | None, **config: Any) -> TestClient:
    settings = ServerConfig(
        data_dir=data_dir, executor="ray", ray_address=address, worker_threads=1, **config
    )
    return TestClient(create_app(settings))


def executor(client: TestClient) -> RayExecutor:
    found: RayExecutor = client.app.state.services.executor  # type: ignore[attr-defined]
    return found


def wait_until_ready(client: TestClient, workers: int = 1) -> None:
    deadline = time.monotonic() + 180
    while sum(1 for _ in executor(client).worker_pids()) < workers:
        health = client.get("/api/health").json()
        assert health["executor_problem"] is None, health
        assert time.monotonic() < deadline, "no Ray worker became ready"
        time.sleep(0.2)
