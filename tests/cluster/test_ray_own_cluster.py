"""A loopback cluster of these tests' own: a head and one node that says it has a GPU.

Ray schedules by the numbers it is told (`--num-gpus 1`); torch on this machine finds no CUDA, so
the runs train on the CPU and their worker says so. Here two runs share that one GPU at 0.5
each (two, not four at a quarter: each is a worker to warm, a minute on a busy two-core machine),
and the whole cluster goes away (its head stopped) while the server runs, then comes back.
"""

import time
from collections.abc import Iterator

import pytest
import ray
from fastapi.testclient import TestClient

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING, read_socket, start_run, wait_for
from tests.cluster.conftest import LoopbackCluster
from tests.cluster.ray_client import wait_until_ready
from tests.cluster.test_ray_executor import (
    ENDED,
    assert_whole_log,
    node_of,
    started,
    wait_for_epoch,
)
from torchcanvas.api.app import create_app
from torchcanvas.config import ServerConfig

GPU_NODE = ("--num-cpus=2", "--num-gpus=1")  # room for two runs of half a GPU and a CPU each


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LoopbackCluster]:
    own = LoopbackCluster(tmp_path_factory.mktemp("ray-gpu"))
    try:
        own.start_head()
        own.start_node("node-gpu", *GPU_NODE)
        yield own
    finally:
        own.stop()


@pytest.fixture(scope="module")
def client(
    cluster: LoopbackCluster, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    settings = ServerConfig(
        data_dir=tmp_path_factory.mktemp("data"),
        executor="ray",
        ray_address=cluster.address,
        worker_threads=1,
        gpu_per_run=0.5,
    )
    with TestClient(create_app(settings)) as test_client:
        wait_until_ready(test_client, workers=2)
        yield test_client


def test_two_runs_share_one_gpu_at_a_half_each(client: TestClient) -> None:
    runs = [start_run(client, epochs=500, batch_size=8) for _ in range(3)]
    try:
        events = [started(client, run_id) for run_id in runs[:2]]
        statuses = {client.get(f"/api/runs/{run_id}").json()["status"] for run_id in runs[:2]}
        assert statuses <= {"running", "paused"} and "running" in statuses
        assert {node_of(event["worker"]) for event in events} == {"node-gpu"}
        for event in events:  # no CUDA here: the run trains on the CPU, and says why
            assert "cpu: Ray gave it 0.5 GPU, but torch sees no CUDA device" in event["worker"]
            assert event["device"] == "cpu"
        # Each actor asked for half of the GPU: the two hold all of it.
        assert ray.cluster_resources()["GPU"] == 1  # type: ignore[no-untyped-call]
        assert ray.available_resources().get("GPU", 0) == 0  # type: ignore[no-untyped-call]
        waiting = client.get(f"/api/runs/{runs[2]}").json()
        assert (waiting["status"], waiting["queue_position"]) == ("queued", 1)
    finally:
        for run_id in runs:
            client.post(f"/api/runs/{run_id}/cancel")
    for run_id in runs:
        assert wait_for(client, run_id, ENDED, timeout=180)["status"] == "cancelled"


def problem(client: TestClient) -> str | None:
    found: str | None = client.get("/api/health").json()["executor_problem"]
    return found


def test_a_lost_cluster_fails_its_run_and_is_joined_again_once_back(
    client: TestClient, cluster: LoopbackCluster
) -> None:
    trained = start_run(client, epochs=1)
    assert wait_for(client, trained, ENDED, timeout=180)["status"] == "succeeded"
    run_id = start_run(client, epochs=500, batch_size=8)
    wait_for_epoch(client, run_id)

    cluster.stop_head()
    node = cluster.stop_node("node-gpu", wait=False)  # it would go by itself, later
    run = wait_for(client, run_id, ENDED, timeout=60)
    assert run["status"] == "failed"
    assert run["error"] == (
        f"The Ray cluster at {cluster.address} was lost while this run trained: its head "
        "stopped or cannot be reached. Press Continue to go on from its last checkpoint."
    )
    assert_health_says_lost(client, cluster.address)
    # Continue is refused as a new run is: queued, it would only fail again.
    refused = client.post(f"/api/runs/{run_id}/continue", json={"epochs": 1})
    assert refused.status_code == 503, refused.text
    assert cluster.address in refused.json()["detail"]
    assert client.get(f"/api/runs/{run_id}").json()["status"] == "failed"
    assert_serves_what_does_not_train(client, trained)
    node.wait(timeout=120)

    cluster.start_head()
    cluster.start_node("node-gpu", *GPU_NODE)
    wait_until_ready(client, workers=1)  # joined again: the problem is gone
    assert problem(client) is None
    reply = client.post(f"/api/runs/{run_id}/continue", json={"epochs": 1})
    assert reply.status_code == 200, reply.text
    assert wait_for(client, run_id, ENDED, timeout=180)["status"] == "succeeded"
    log = read_socket(client, run_id)
    assert_whole_log(log)
    assert [e["type"] for e in log].count("started") == 2
    wait_until_ready(client, workers=2)


def assert_health_says_lost(client: TestClient, address: str) -> None:
    deadline = time.monotonic() + 30
    while (said := problem(client)) is None:
        assert time.monotonic() < deadline, "health never said the cluster was lost"
        time.sleep(0.1)
    assert address in said, said
    assert client.get("/api/health").json()["worker_ready"] is False
    reply = client.post("/api/runs", json={"design": DIGITS_CNN, "training": DIGITS_TRAINING})
    assert reply.status_code == 503, reply.text
    assert address in reply.json()["detail"]
    # The server let Ray go: no driver is left to end the process when Ray's reconnect wait ends.
    deadline = time.monotonic() + 30
    while ray.is_initialized():
        assert time.monotonic() < deadline, "the server kept its Ray driver of a lost cluster"
        time.sleep(0.1)


def assert_serves_what_does_not_train(client: TestClient, trained: str) -> None:
    reply = client.post("/api/designs/validate", json={"design": DIGITS_CNN})
    assert reply.status_code == 200 and reply.json()["valid"]
    assert trained in [run["id"] for run in client.get("/api/runs").json()]
    assert client.get(f"/api/runs/{trained}").json()["status"] == "succeeded"
    assert client.get(f"/api/runs/{trained}/results").status_code == 200
    weights = client.get(f"/api/runs/{trained}/weights.safetensors")
    assert weights.status_code == 200 and len(weights.content) > 0
    assert client.get("/api/catalog").status_code == 200
