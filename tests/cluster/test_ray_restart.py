"""The Ray executor when the server restarts, when Ray cannot be reached, and on its own Ray."""

import os
import signal
import time
from pathlib import Path

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING, read_socket, start_run, wait_for
from tests.cluster.conftest import LoopbackCluster
from tests.cluster.test_ray_executor import (
    ENDED,
    assert_whole_log,
    ray_client,
    wait_for_epoch,
    wait_until_ready,
)


def test_a_server_restart_ends_a_ray_run_that_then_continues(
    ray_cluster: LoopbackCluster, tmp_path: Path
) -> None:
    with ray_client(tmp_path, ray_cluster.address) as first:
        wait_until_ready(first)
        run_id = start_run(first, epochs=500, batch_size=8)
        wait_for_epoch(first, run_id)
        owner = dict(first.cookies)  # the same browser comes back
    with ray_client(tmp_path, ray_cluster.address) as second:
        second.cookies.update(owner)
        run = second.get(f"/api/runs/{run_id}").json()
        assert run["status"] == "failed"
        assert run["error"] == (
            "The server stopped before this run finished. "
            "Press Continue to go on from its last checkpoint."
        )
        wait_until_ready(second)
        reply = second.post(f"/api/runs/{run_id}/continue", json={"epochs": 1})
        assert reply.status_code == 200, reply.text
        assert wait_for(second, run_id, ENDED, timeout=180)["status"] == "succeeded"
        log = read_socket(second, run_id)
        assert_whole_log(log)
        assert [e["type"] for e in log].count("started") == 2


def test_an_unreachable_cluster_is_said_and_the_rest_keeps_serving(tmp_path: Path) -> None:
    with ray_client(tmp_path, "127.0.0.1:1") as client:
        deadline = time.monotonic() + 120
        while (problem := client.get("/api/health").json()["executor_problem"]) is None:
            assert time.monotonic() < deadline, "the executor never said Ray was unreachable"
            time.sleep(0.2)
        assert problem.startswith("Ray is unreachable at 127.0.0.1:1")
        reply = client.post("/api/runs", json={"design": DIGITS_CNN, "training": DIGITS_TRAINING})
        assert reply.status_code == 503 and reply.json()["detail"] == problem
        assert client.get("/api/catalog").status_code == 200


def test_without_an_address_it_trains_on_a_private_local_ray(tmp_path: Path) -> None:
    with ray_client(tmp_path, None) as client:
        wait_until_ready(client)
        run_id = start_run(client, epochs=2)
        assert wait_for(client, run_id, ENDED, timeout=180)["status"] == "succeeded"
        log = read_socket(client, run_id)
        assert_whole_log(log)
        assert log[0]["worker"].startswith("Ray TrainingWorker")
    assert orphans() == [], "the private Ray instance left processes behind"


def orphans() -> list[str]:
    """Ray's processes left without a parent (what a private instance leaves when not cleaned)."""
    left = []
    for proc in Path("/proc").iterdir():
        try:
            name = (proc / "cmdline").read_bytes().split(b"\0")[0].decode()
            parent = (proc / "stat").read_text().rsplit(")", 1)[1].split()[1]
        except (OSError, IndexError):
            continue
        if name.startswith("ray::") and parent == "1":
            left.append(name)
    return left


def test_a_private_instance_that_dies_idle_is_started_again(tmp_path: Path) -> None:
    with ray_client(tmp_path, None) as client:
        wait_until_ready(client)
        gcs = [pid for pid, name in children(os.getpid()) if name.endswith("gcs_server")]
        assert len(gcs) == 1, children(os.getpid())
        os.kill(gcs[0], signal.SIGKILL)  # no run in flight: only the watch can tell
        deadline = time.monotonic() + 60
        while client.get("/api/health").json()["executor_problem"] is None:
            assert time.monotonic() < deadline, "health never said the instance was lost"
            time.sleep(0.1)
        deadline = time.monotonic() + 180
        while not (health := client.get("/api/health").json())["worker_ready"]:
            assert time.monotonic() < deadline, f"no new private instance: {health}"
            time.sleep(0.2)
        assert health["executor_problem"] is None
        run_id = start_run(client, epochs=1)
        assert wait_for(client, run_id, ENDED, timeout=180)["status"] == "succeeded"
    assert orphans() == [], "the private Ray instances left processes behind"


def children(parent: int) -> list[tuple[int, str]]:
    """The processes whose parent is `parent`, with the file each runs."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            ppid = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
            name = (proc / "cmdline").read_bytes().split(b"\0")[0].decode()
        except (OSError, IndexError, ValueError):
            continue
        if ppid == parent:
            found.append((int(proc.name), name))
    return found
