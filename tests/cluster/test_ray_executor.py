"""The Ray executor against a real loopback cluster: runs, controls, and the faults it survives."""

import os
import signal
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import ray
from fastapi.testclient import TestClient
from safetensors.torch import load, load_file

from tests.backend.conftest import (
    DIGITS_TRAINING,
    open_client,
    read_socket,
    start_run,
    wait_for,
)
from tests.backend.upload_files import blobs_csv
from tests.cluster.conftest import LoopbackCluster
from tests.cluster.ray_client import LIMIT_GIB, executor, wait_until_ready
from torchcanvas.runs import ray_dispatch
from torchcanvas.runs.ray_worker import NODE_COPY_IDLE
from torchcanvas.runs.scratch import scratch_root

ENDED = {"succeeded", "failed", "cancelled"}


def wait_for_epoch(client: TestClient, run_id: str, epoch: int = 1) -> None:
    deadline = time.monotonic() + 120
    while client.get(f"/api/runs/{run_id}").json()["metrics"]["epoch"] < epoch:
        assert time.monotonic() < deadline, f"run {run_id} never finished epoch {epoch}"
        time.sleep(0.05)


def started(client: TestClient, run_id: str) -> dict[str, Any]:
    """The run's started event, once it has one."""
    deadline = time.monotonic() + 120
    while True:
        run = client.get(f"/api/runs/{run_id}").json()
        if run["status"] in ("running", "paused", *ENDED):
            break
        assert time.monotonic() < deadline, f"run {run_id} never started"
        time.sleep(0.05)
    with client.websocket_connect(f"/api/runs/{run_id}/events?after=0") as socket:
        event: dict[str, Any] = socket.receive_json()
    assert event["type"] == "started", event
    return event


def node_of(worker: str) -> str:
    """The name of the loopback cluster's node (`node-1`, …) a started event's worker is on."""
    for node in ray.nodes():  # type: ignore[no-untyped-call]
        if node["Alive"] and f"node {node['NodeID'][:12]}" in worker:
            return next(name for name in node["Resources"] if name.startswith("node-"))
    raise AssertionError(f"no live node runs {worker}")


def assert_whole_log(log: list[dict[str, Any]]) -> None:
    assert [e["seq"] for e in log] == list(range(1, len(log) + 1))


@pytest.fixture
def long_run(client: TestClient) -> Iterator[str]:
    """A run long enough to act on; stopped when the test ends, whatever happened."""
    run_id = start_run(client, epochs=500, batch_size=8)
    yield run_id
    if client.get(f"/api/runs/{run_id}").json()["status"] not in ENDED:
        client.post(f"/api/runs/{run_id}/cancel")
        wait_for(client, run_id, ENDED, timeout=60)


def test_a_run_on_ray_matches_the_local_pool_bit_for_bit(
    client: TestClient, tmp_path: Path
) -> None:
    run_id = start_run(client, epochs=3)
    assert wait_for(client, run_id, ENDED, timeout=180)["status"] == "succeeded"
    log = read_socket(client, run_id)
    assert_whole_log(log)
    assert "Ray TrainingWorker" in log[0]["worker"]

    with open_client(tmp_path) as local:
        local_id = start_run(local, epochs=3)
        assert wait_for(local, local_id, ENDED, timeout=180)["status"] == "succeeded"
        local_log = read_socket(local, local_id)
    assert "local worker" in local_log[0]["worker"]

    def epochs(events: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
        return [(e["train_loss"], e["val_loss"]) for e in events if e["type"] == "epoch"]

    assert epochs(log) == epochs(local_log) and len(epochs(log)) == 3
    # The files came back to the server's data folder: the same weights, bit for bit.
    ray_weights = client.get(f"/api/runs/{run_id}/weights.safetensors")
    local_weights = load_file(tmp_path / "runs" / local_id / "weights.safetensors")
    assert ray_weights.status_code == 200
    assert set(load(ray_weights.content)) == set(local_weights)
    for name, tensor in load(ray_weights.content).items():
        assert tensor.equal(local_weights[name]), name
    assert client.get(f"/api/runs/{run_id}/results").status_code == 200


def test_two_runs_train_on_two_nodes_at_once(
    client: TestClient, ray_cluster: LoopbackCluster
) -> None:
    runs = [start_run(client, epochs=500, batch_size=8) for _ in range(2)]
    try:
        nodes = {node_of(started(client, run_id)["worker"]) for run_id in runs}
        assert nodes == {"node-1", "node-2"}
        statuses = {client.get(f"/api/runs/{r}").json()["status"] for r in runs}
        assert statuses == {"running"}
        # What an operator checks first: the server joined that cluster, and both workers train.
        health = client.get("/api/health").json()
        said = ("executor", "cluster", "workers_ready", "workers_training", "executor_note")
        assert [health[key] for key in said] == ["ray", ray_cluster.address, 2, 2, None]
    finally:
        for run_id in runs:
            client.post(f"/api/runs/{run_id}/cancel")
    for run_id in runs:
        assert wait_for(client, run_id, ENDED)["status"] == "cancelled"
        assert_whole_log(read_socket(client, run_id))


def test_a_third_run_waits_in_the_queue_and_says_where(client: TestClient) -> None:
    runs = [start_run(client, epochs=500, batch_size=8) for _ in range(4)]
    try:
        for run_id in runs[:2]:
            started(client, run_id)
        waiting = client.get(f"/api/runs/{runs[2]}").json()
        assert (waiting["status"], waiting["queue_position"]) == ("queued", 1)
        # The admin's put first (api/routes/admin.py) holds in Ray's queue as in the pool's.
        assert executor(client).put_first(runs[3])
        assert client.get(f"/api/runs/{runs[3]}").json()["queue_position"] == 1
        assert client.get(f"/api/runs/{runs[2]}").json()["queue_position"] == 2
        assert not executor(client).put_first(runs[0])  # training, not waiting
        assert client.post(f"/api/runs/{runs[3]}/cancel").status_code == 200
        # Once a run on a worker has trained an epoch, about how long it waits (queue_wait.py).
        deadline = time.monotonic() + 60
        while (wait := client.get(f"/api/runs/{runs[2]}").json()["queue_wait_seconds"]) is None:
            assert time.monotonic() < deadline, "no wait estimate"
            time.sleep(0.1)
        assert wait > 0
        assert client.post(f"/api/runs/{runs[2]}/cancel").status_code == 200
        log = read_socket(client, runs[2])
        assert [e["type"] for e in log] == ["end"] and log[0]["status"] == "cancelled"
    finally:
        for run_id in runs:
            client.post(f"/api/runs/{run_id}/cancel")
        for run_id in runs:
            wait_for(client, run_id, ENDED)


def test_pause_resume_and_stop(client: TestClient, long_run: str) -> None:
    started(client, long_run)
    assert client.post(f"/api/runs/{long_run}/pause").status_code == 200
    wait_for(client, long_run, {"paused"})
    assert client.post(f"/api/runs/{long_run}/resume").status_code == 200
    wait_for(client, long_run, {"running"})
    assert client.post(f"/api/runs/{long_run}/cancel").status_code == 200
    run = wait_for(client, long_run, ENDED)
    assert run["status"] == "cancelled"
    log = read_socket(client, long_run)
    assert_whole_log(log)
    kinds = [e["type"] for e in log]
    assert kinds.index("paused") < kinds.index("resumed") < kinds.index("end")
    # The stop checkpoint came back: the run can go on from it, on the same event log.
    assert client.post(f"/api/runs/{long_run}/continue", json={"epochs": 1}).status_code == 200
    assert wait_for(client, long_run, ENDED, timeout=180)["status"] == "succeeded"
    assert_whole_log(read_socket(client, long_run))


def test_step_trains_one_batch_of_a_paused_run_on_ray(client: TestClient, long_run: str) -> None:
    started(client, long_run)
    assert client.post(f"/api/runs/{long_run}/pause").status_code == 200
    wait_for(client, long_run, {"paused"})
    held = read_events(client, long_run)[-1]["step"]
    for n in range(1, 4):  # each through the actor's control_run, beside its streaming `run`
        reply = client.post(f"/api/runs/{long_run}/step")
        assert reply.status_code == 200, reply.text
        deadline = time.monotonic() + 60
        while (log := read_events(client, long_run))[-1] != {
            "seq": log[-1]["seq"],
            "type": "paused",
            "epoch": log[-1]["epoch"],
            "step": held + n,
        }:
            assert time.monotonic() < deadline, f"step {n} never came back: {log[-3:]}"
            time.sleep(0.05)
        frame = [e for e in log if e["type"] == "progress"][-1]
        assert (frame["step"], len(frame["losses"])) == (held + n, 1)
    assert client.get(f"/api/runs/{long_run}").json()["status"] == "paused"
    assert client.post(f"/api/runs/{long_run}/cancel").status_code == 200
    assert wait_for(client, long_run, ENDED)["status"] == "cancelled"
    log = read_socket(client, long_run)
    assert_whole_log(log)
    assert log[-1]["metrics"]["step"] == held + 3
    # Its checkpoint at the last step came back to the server's data folder.
    assert client.post(f"/api/runs/{long_run}/continue", json={"epochs": 1}).status_code == 200
    resumed = started_again(client, long_run, len(log))
    assert resumed["first_step"] == held + 3


def read_events(client: TestClient, run_id: str) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = client.get(
        f"/api/runs/{run_id}/events", params={"limit": 10000}
    ).json()
    return events


def started_again(client: TestClient, run_id: str, after: int) -> dict[str, Any]:
    """The started event of the run's Continue, the first event after `after`."""
    deadline = time.monotonic() + 120
    while len(events := read_events(client, run_id)) <= after:
        assert time.monotonic() < deadline, f"run {run_id} never went on"
        time.sleep(0.05)
    assert events[after]["type"] == "started", events[after]
    return events[after]


def test_a_stop_to_a_worker_too_slow_to_answer_is_taken_and_carried_out(
    client: TestClient, long_run: str
) -> None:
    """A stalled actor (a busy or stalled node) answers after the 5 s a control waits: its Stop
    was answered 409 "already ended (running)", and then carried out."""
    worker = started(client, long_run)["worker"]
    pid = int(worker.split("pid ")[1].split(",")[0])
    os.kill(pid, signal.SIGSTOP)
    try:
        reply = client.post(f"/api/runs/{long_run}/cancel")
    finally:
        os.kill(pid, signal.SIGCONT)
    assert reply.status_code == 200, reply.text
    assert wait_for(client, long_run, ENDED)["status"] == "cancelled"


def test_a_killed_worker_fails_its_run_which_continues_on_a_new_one(
    client: TestClient, long_run: str
) -> None:
    worker = started(client, long_run)["worker"]
    wait_for_epoch(client, long_run)
    pid = int(worker.split("pid ")[1].split(",")[0])
    # The actor's copy of the run, with a checkpoint in it: left behind by the kill.
    (copy,) = (scratch_root() / str(pid)).glob(f"run-{long_run}-*")
    assert list(copy.glob("checkpoint-*.safetensors"))
    killed_at = time.monotonic()
    os.kill(pid, signal.SIGKILL)
    run = wait_for(client, long_run, ENDED, timeout=30)  # the issue asks for 10 s; said below
    print(
        f"kill -9 of the TrainingWorker: its run failed {time.monotonic() - killed_at:.2f} s later"
    )
    assert run["status"] == "failed"
    assert run["error"].startswith("The Ray worker training this run was lost")
    assert run["error"].endswith("Press Continue to go on from its last checkpoint.")

    assert client.post(f"/api/runs/{long_run}/continue", json={"epochs": 1}).status_code == 200
    assert wait_for(client, long_run, ENDED, timeout=180)["status"] == "succeeded"
    log = read_socket(client, long_run)
    assert_whole_log(log)
    assert int(log[-1]["metrics"]["epoch"]) >= 2
    wait_until_ready(client, workers=2)  # a new actor took the lost one's place
    assert pid not in executor(client).worker_pids()
    assert not copy.parent.exists(), "the killed actor's folder was left on the disk"


def test_a_node_that_leaves_fails_its_run_and_the_next_run_trains(
    client: TestClient, ray_cluster: LoopbackCluster, long_run: str
) -> None:
    worker = started(client, long_run)["worker"]
    node, pid = node_of(worker), int(worker.split("pid ")[1].split(",")[0])
    wait_for_epoch(client, long_run)
    try:
        stopping = ray_cluster.stop_node(node, wait=False)
        run, worker_gone, run_failed = wait_for_loss(client, long_run, pid)
        # The node drains (a second here, see ENV) before its workers end.
        print(
            f"ray stop of its node: its worker ended {worker_gone:.1f} s later, and the run failed"
        )
        print(f"  {run_failed - worker_gone:.2f} s after that")
        stopping.wait(timeout=60)
        assert run["status"] == "failed"
        assert "The Ray worker training this run was lost" in run["error"]
        next_run = start_run(client, epochs=2)
        assert wait_for(client, next_run, ENDED, timeout=180)["status"] == "succeeded"
        assert client.post(f"/api/runs/{long_run}/continue", json={"epochs": 1}).status_code == 200
        continued = wait_for(client, long_run, ENDED, timeout=180)
        assert continued["status"] == "succeeded", continued  # its message says why not
    finally:
        ray_cluster.start_node(node)
    wait_until_ready(client, workers=2)


def test_the_workers_of_a_node_stopped_while_idle_take_no_run(
    client: TestClient, ray_cluster: LoopbackCluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A node stopped with nothing to train: its worker goes from the ready ones as the cluster
    drops the node, and the runs that come next all train on the node left (a review: the dead
    worker was still taken as ready, and each run handed to it failed at once). With no node left
    that can take a run, the server says so (it said nothing, and runs waited for good)."""
    assert len(executor(client).slots.ready()) == 2
    try:
        ray_cluster.stop_node("node-2")
        deadline = time.monotonic() + 60
        while len(executor(client).slots.ready()) != 1:
            assert time.monotonic() < deadline, "the stopped node's worker stayed ready"
            time.sleep(0.1)
        assert client.get("/api/health").json()["worker_ready"] is True
        runs = [start_run(client, epochs=1) for _ in range(2)]
        for run_id in runs:
            run = wait_for(client, run_id, ENDED, timeout=180)
            assert run["status"] == "succeeded", run["error"]
        # The other stopped too: the head alone has no room for a run (no CPUs), and says so,
        # once that has lasted (a cluster started again has its nodes a moment after its head).
        monkeypatch.setattr(ray_dispatch, "NO_ROOM_GRACE", 2.0)
        ray_cluster.stop_node("node-1")
        deadline = time.monotonic() + 60
        while (health := client.get("/api/health").json())["executor_problem"] is None:
            assert time.monotonic() < deadline, health
            time.sleep(0.1)
        assert health["executor_problem"] == (
            f"No node of the Ray cluster at {ray_cluster.address} has room for a run (1 CPU "
            "each, TORCHCANVAS_CPUS_PER_RUN; 1 node alive): start a worker node with "
            "`ray start --address=…`, or ask less of each run."
        )
        assert health["worker_ready"] is False
    finally:
        for node in ("node-1", "node-2"):
            if node not in ray_cluster.nodes:
                ray_cluster.start_node(node)
    wait_until_ready(client, workers=2)
    assert client.get("/api/health").json()["executor_problem"] is None


def test_a_run_handed_to_a_worker_found_dead_waits_again_and_trains(client: TestClient) -> None:
    """Both idle workers' processes killed (as a node that stopped a moment ago, which the
    cluster has yet to drop, leaves them): the run handed to one waits again, first, and trains
    on a new worker (it failed at once, with nothing trained: a review)."""
    pids = executor(client).worker_pids()
    assert len(pids) == 2
    for pid in pids:
        os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while any(Path(f"/proc/{pid}").exists() for pid in pids):
        assert time.monotonic() < deadline, "a killed worker's process stayed"
        time.sleep(0.05)
    assert len(executor(client).slots.ready()) == 2  # nothing told the server yet
    run_id = start_run(client, epochs=1)
    run = wait_for(client, run_id, ENDED, timeout=180)
    assert run["status"] == "succeeded", run["error"]
    ends = [event for event in read_socket(client, run_id) if event["type"] == "end"]
    assert [end["status"] for end in ends] == ["succeeded"]
    wait_until_ready(client, workers=2)


def wait_for_loss(client: TestClient, run_id: str, pid: int) -> tuple[dict[str, Any], float, float]:
    """The run once it ended, the seconds until its worker process was gone, and until it ended."""
    began, worker_gone = time.monotonic(), None
    while (run := client.get(f"/api/runs/{run_id}").json())["status"] not in ENDED:
        if worker_gone is None and not Path(f"/proc/{pid}").exists():
            worker_gone = time.monotonic() - began
        assert time.monotonic() - began < 120, f"run {run_id} never ended: {run}"
        time.sleep(0.02)
    ended = time.monotonic() - began
    return run, ended if worker_gone is None else worker_gone, ended


def test_an_uploaded_dataset_reaches_the_workers_through_the_object_store(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    datasets = []
    for seed in (0, 1):
        reply = client.post(
            "/api/datasets",
            files={"file": ("mine.csv", blobs_csv(seed=seed))},
            data={"target": "species"},
        )
        assert reply.status_code == 201, reply.text
        datasets.append(reply.json()["id"])
    second = datasets[1]
    design = {
        "version": 1,
        "name": "upload-mlp",
        "input_shape": [4],
        "layers": [
            {"id": "fc1", "type": "Linear", "params": {"out_features": 16}},
            {"id": "act", "type": "ReLU"},
            {"id": "fc2", "type": "Linear", "params": {"out_features": 3}},
        ],
    }
    # Room for one of them: the store keeps the dataset trained on last, whatever its size. The
    # first's object goes as the second's run is packed, while the first's run may still train
    # on it (Ray keeps it for that run's call).
    monkeypatch.setattr(executor(client).packer, "keep_bytes", 1)
    runs = []
    for dataset in datasets:
        training = {**DIGITS_TRAINING, "dataset": dataset, "epochs": 5, "batch_size": 16}
        reply = client.post("/api/runs", json={"design": design, "training": training})
        assert reply.status_code == 201, reply.text
        runs.append(reply.json()["id"])
    for run_id in runs:
        run = wait_for(client, run_id, ENDED, timeout=180)
        assert run["status"] == "succeeded", run["error"]
        assert run["metrics"]["val_accuracy"] > 0.9
    assert executor(client).shipped_datasets() == [f"datasets/{second}"]
    # The nodes' copy (one machine here: the nodes share it) and the object go with the upload.
    copies = Path(tempfile.gettempdir()) / "torchcanvas-worker-data" / "datasets"
    copy, idle = copies / second, copies / datasets[0]
    assert copy.is_dir() and idle.is_dir()
    assert client.delete(f"/api/datasets/{second}").status_code == 204
    assert executor(client).shipped_datasets() == []
    # The other's copy as if no run on the node had used it for eight days: the next run drops it.
    eight_days_ago = time.time() - NODE_COPY_IDLE - 24 * 3600
    os.utime(idle, (eight_days_ago, eight_days_ago))
    after = start_run(client, epochs=1)  # the next job tells its worker
    assert wait_for(client, after, ENDED, timeout=180)["status"] == "succeeded"
    assert not copy.exists(), "a deleted upload stayed on the worker's node"
    assert not idle.exists(), "an upload no run used for a week stayed on the worker's node"


# About 134M parameters: with their gradients and Adam's two moments, over 2 GiB.
HUGE: dict[str, Any] = {
    "version": 1,
    "name": "huge",
    "input_shape": [1, 8, 8],
    "layers": [
        {"id": "flat", "type": "Flatten"},
        {"id": "fc1", "type": "Linear", "params": {"out_features": 8192}},
        {"id": "act1", "type": "ReLU"},
        {"id": "fc2", "type": "Linear", "params": {"out_features": 16384}},
        {"id": "act2", "type": "ReLU"},
        {"id": "fc3", "type": "Linear", "params": {"out_features": 10}},
    ],
}


def test_an_actor_over_the_memory_limit_is_stopped_its_run_says_why_and_it_is_replaced(
    client: TestClient,
) -> None:
    ray_executor = executor(client)
    ready = ray_executor.slots.ready()
    for slot in ready:  # the limit leaves the actors room of their own
        used = slot.resident()
        assert used is not None and used < LIMIT_GIB * 2**30, used
    pids = set(ray_executor.worker_pids())
    training = {**DIGITS_TRAINING, "epochs": 2, "optimizer": "Adam"}
    reply = client.post("/api/runs", json={"design": HUGE, "training": training})
    assert reply.status_code == 201, reply.text
    run = wait_for(client, reply.json()["id"], ENDED, timeout=180)
    assert run["status"] == "failed"
    message = run["error"]
    assert message.startswith("This run used "), message
    assert (
        f"GiB of memory, more than a run may use on this server ({LIMIT_GIB:.2f} GiB, "
        "TORCHCANVAS_MAX_WORKER_MEMORY_GIB), so it was stopped: lower the batch size"
    ) in message
    assert float(message.split()[3]) >= LIMIT_GIB
    assert "Continue" not in message  # going on would only take as much again
    # The actor was replaced: both nodes train again, and a small run succeeds.
    wait_until_ready(client, workers=2)
    assert set(ray_executor.worker_pids()) != pids
    assert (
        wait_for(client, start_run(client, epochs=1), ENDED, timeout=180)["status"] == "succeeded"
    )


def test_an_actor_the_guard_chose_takes_no_other_run_even_if_its_run_ends_first(
    client: TestClient,
) -> None:
    """The guard's kill lands a moment after it chose the actor: a run that ends meanwhile must
    not leave the actor free, or the next run would go to it and fail for memory it never used."""
    ray_executor = executor(client)
    run_id = start_run(client, epochs=500, batch_size=8)
    wait_for(client, run_id, {"running"})
    slot = next(s for s in ray_executor.slots.all if s.run_id == run_id)
    used = int(LIMIT_GIB * 2**30) + 1
    with ray_executor.slots.lock:  # its relay cannot hear of the kill until this block ends
        ray_executor._kill_for_memory(slot, run_id, used)
        assert slot.lost  # no run is handed to it from now, whenever its relay hears of it
    run = wait_for(client, run_id, ENDED, timeout=180)
    assert run["status"] == "failed" and run["error"].startswith("This run used "), run
    wait_until_ready(client, workers=2)
    assert (
        wait_for(client, start_run(client, epochs=1), ENDED, timeout=180)["status"] == "succeeded"
    )
