"""Continue with a new learning rate on Ray: the job takes the rate to the actor, which trains on
with it as a local worker does, bit for bit."""

import time
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from safetensors.torch import load

from tests.backend.conftest import open_client, read_socket, start_run, wait_for
from tests.backend.test_live_rate import SLOW_DIGITS, SLOW_TRAINING
from tests.cluster.test_ray_executor import ENDED, assert_whole_log


def _continued_at_a_new_rate(client: TestClient) -> tuple[str, list[dict[str, Any]]]:
    run_id = start_run(client, epochs=2, optimizer="SGD", optimizer_params={"momentum": 0.9})
    assert wait_for(client, run_id, ENDED, timeout=180)["status"] == "succeeded"
    reply = client.post(f"/api/runs/{run_id}/continue", json={"epochs": 1, "learning_rate": 0.001})
    assert reply.status_code == 200, reply.text
    assert wait_for(client, run_id, ENDED, timeout=180)["status"] == "succeeded"
    return run_id, read_socket(client, run_id)


def test_a_new_rate_on_ray_trains_as_on_the_local_pool(client: TestClient, tmp_path: Path) -> None:
    run_id, log = _continued_at_a_new_rate(client)
    assert_whole_log(log)
    starts = [e for e in log if e["type"] == "started"]
    assert ["Ray TrainingWorker" in s["worker"] for s in starts] == [True, True]
    assert [s["lr"] for s in starts] == [None, 0.001]
    frames = [e for e in log if e["type"] == "progress"]
    first = starts[1]["first_step"]
    assert {f["lr"] for f in frames if f["step"] <= first} == {0.01}
    assert {f["lr"] for f in frames if f["step"] > first} == {0.001}
    assert client.get(f"/api/runs/{run_id}").json()["lr_changes"][0]["lr"] == 0.001

    with open_client(tmp_path) as local:
        local_id, local_log = _continued_at_a_new_rate(local)
        local_weights = local.get(f"/api/runs/{local_id}/weights.safetensors").content

    def epochs(events: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
        return [(e["train_loss"], e["val_loss"]) for e in events if e["type"] == "epoch"]

    assert epochs(log) == epochs(local_log) and len(epochs(log)) == 3
    ray_weights = load(client.get(f"/api/runs/{run_id}/weights.safetensors").content)
    for name, tensor in load(local_weights).items():
        assert tensor.equal(ray_weights[name]), name


def test_a_rate_set_while_paused_reaches_the_ray_actor(client: TestClient) -> None:
    """The actor's run takes a new rate as a local worker's does: said at once while paused, and
    set as the next Step trains, with it."""
    run_id = start_run(client, epochs=50, optimizer="SGD", optimizer_params={"momentum": 0.9})
    assert wait_for(client, run_id, {"running"}, timeout=180)["status"] == "running"
    assert client.post(f"/api/runs/{run_id}/pause").status_code == 200
    assert wait_for(client, run_id, {"paused"}, timeout=60)["status"] == "paused"
    reply = client.post(f"/api/runs/{run_id}/rate", json={"learning_rate": 0.001})
    assert reply.status_code == 200, reply.text
    deadline = time.monotonic() + 60
    while not (changes := client.get(f"/api/runs/{run_id}").json()["lr_changes"]):
        assert time.monotonic() < deadline, "the actor never set the rate"
        time.sleep(0.05)
    (change,) = changes
    assert change["lr"] == 0.001 and change["live"]
    assert client.post(f"/api/runs/{run_id}/step").status_code == 200
    deadline = time.monotonic() + 60
    while not (frames := _frames_after(client, run_id, change["step"])):
        assert time.monotonic() < deadline, "the Step never trained"
        time.sleep(0.05)
    assert frames[0]["lr"] == 0.001
    assert client.post(f"/api/runs/{run_id}/cancel").status_code == 200
    assert wait_for(client, run_id, ENDED, timeout=120)["status"] == "cancelled"


def _frames_after(client: TestClient, run_id: str, step: int) -> list[dict[str, Any]]:
    events = client.get(f"/api/runs/{run_id}/events", params={"limit": 10000}).json()
    return [e for e in events if e["type"] == "progress" and e["step"] > step]


def test_a_rate_the_ray_run_stopped_before_is_named_by_its_end(client: TestClient) -> None:
    """As on the local pool (tests/backend/test_live_rate.py): a rate sent to the actor in the
    step its Stop came in is never set, and the run's end says so."""
    reply = client.post("/api/runs", json={"design": SLOW_DIGITS, "training": SLOW_TRAINING})
    assert reply.status_code == 201, reply.text
    run_id = reply.json()["id"]
    deadline = time.monotonic() + 180
    while client.get(f"/api/runs/{run_id}").json()["metrics"]["step"] < 1:
        assert time.monotonic() < deadline, "it never trained a step"
        time.sleep(0.02)
    reply = client.post(f"/api/runs/{run_id}/rate", json={"learning_rate": 0.001})
    assert reply.status_code == 200, reply.text
    assert client.post(f"/api/runs/{run_id}/cancel").status_code == 200
    assert wait_for(client, run_id, ENDED, timeout=120)["status"] == "cancelled"
    events = client.get(f"/api/runs/{run_id}/events", params={"limit": 10000}).json()
    assert [e for e in events if e["type"] == "rate"] == []
    assert events[-1]["type"] == "end" and events[-1]["rate_not_set"] == 0.001
