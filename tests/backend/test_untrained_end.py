"""A run stopped before its first step, its worker having begun it: it has only its starting
weights, so it keeps no model (no weights, files, results, predictions or hand-in), as one
stopped while queued does; Continue trains it from the start and makes its model."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.backend.conftest import ENDED, open_client, wait_for
from tests.backend.held_worker import start_behind_held_worker


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with open_client(tmp_path) as opened:
        yield opened


def _stopped_before_its_first_step(client: TestClient) -> str:
    """The Stop sent right behind the run's start, to a worker held (SIGSTOP) meanwhile: the
    worker begins the run (its started event) and mostly stops it before a step; under load it
    may take one first, and the run is tried again."""

    def stop(run_id: str) -> None:
        assert client.post(f"/api/runs/{run_id}/cancel").status_code == 200

    for _ in range(5):
        run_id = start_behind_held_worker(client, stop)
        run = wait_for(client, run_id, ENDED)
        kinds = [event["type"] for event in client.get(f"/api/runs/{run_id}/events").json()]
        assert (run["status"], kinds[0], kinds[-1]) == ("cancelled", "started", "end")
        if run["metrics"]["step"] == 0:
            return run_id
    raise AssertionError("the Stop never reached the worker before the run's first step")


def test_a_run_stopped_before_its_first_step_keeps_no_model_until_it_trains(
    client: TestClient, tmp_path: Path
) -> None:
    run_id = _stopped_before_its_first_step(client)
    assert not (tmp_path / "runs" / run_id / "weights.safetensors").exists()
    model = client.get(f"/api/models/{run_id}").json()
    assert (model["has_weights"], model["files"]) == (False, [])
    for path in ("results", "files/weights.safetensors", "files/model.pt"):
        reply = client.get(f"/api/runs/{run_id}/{path}")
        assert reply.status_code == 404, f"{path}: {reply.status_code}"
        assert "cancelled before" in reply.json()["detail"]
    predicted = client.post(f"/api/runs/{run_id}/predict", json={"input": [0.0] * 64})
    assert 400 <= predicted.status_code < 500
    code = client.post("/api/classes", json={"name": "Period 3"}).json()["code"]
    handed = client.post(f"/api/runs/{run_id}/hand-in", json={"code": code, "student_name": "Ana"})
    assert 400 <= handed.status_code < 500

    # Continue goes on from the start (its checkpoint at step 0) and trains the whole plan.
    assert client.post(f"/api/runs/{run_id}/continue", json={}).status_code == 200
    run = wait_for(client, run_id, ENDED, timeout=120)
    assert (run["status"], run["metrics"]["epoch"]) == ("succeeded", 2)
    assert client.get(f"/api/models/{run_id}").json()["has_weights"] is True
    assert client.get(f"/api/runs/{run_id}/results").status_code == 200
