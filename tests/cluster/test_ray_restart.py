"""The Ray executor when the server restarts, when Ray cannot be reached, and on its own Ray."""

import os
import signal
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx2 as httpx

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING, read_socket, start_run, wait_for
from tests.cluster.conftest import LoopbackCluster
from tests.cluster.ray_client import ray_client, wait_until_ready
from tests.cluster.ray_server import ENDED, GOES_ON, server
from tests.cluster.test_ray_executor import assert_whole_log
from tests.serve import free_port


def test_ray_runs_a_server_restart_interrupted_go_on_or_stay_paused(
    ray_cluster: LoopbackCluster, tmp_path: Path, ray_dir: Path
) -> None:
    """A real server process on the shared cluster, stopped as `docker stop` stops it and started
    again, with two runs on its two nodes. The one training ends saying it goes on, and goes on
    from its checkpoint by itself. The paused one's actor gives its checkpoint at the pause back
    to the server as it stops: it stays paused across the restart, and Resume goes on from there.
    One restart for both: each server start on Ray is many seconds of a CI run at its bound."""
    cookies = httpx.Cookies()  # the same browser comes back
    with server(tmp_path, cookies, ray_dir, ray_cluster.address) as first:
        going = first.start_run(epochs=500, batch_size=8)
        held = first.start_run(epochs=3, batch_size=8)
        first.wait_for(held, lambda run: run["status"] == "running")
        assert first.client.post(f"/api/runs/{held}/pause").status_code == 200
        paused = first.wait_for(held, lambda run: run["status"] == "paused")
        first.wait_for(going, lambda run: run["metrics"]["epoch"] >= 1)
        code, _ = first.terminate()
        cookies = first.client.cookies
    assert code == 0, (tmp_path / "server.log").read_text()[-4000:]
    with server(tmp_path, cookies, ray_dir, ray_cluster.address) as second:
        run = second.run(held)
        assert (run["status"], run["error"]) == ("paused", None)
        assert second.events(held)[-1]["type"] == "paused"
        run = second.wait_for(going, lambda run: run["status"] == "running")
        assert run["error"] is None
        second.wait_for(going, lambda _: [e["type"] for e in second.events(going)][-1] != "started")
        assert second.client.post(f"/api/runs/{going}/cancel").status_code == 200
        assert second.wait_for(going, lambda run: run["status"] in ENDED)["status"] == "cancelled"
        assert second.client.post(f"/api/runs/{held}/resume").status_code == 200
        run = second.wait_for(held, lambda run: run["status"] in ENDED)
        assert run["status"] == "succeeded", run
        assert run["metrics"]["step"] > paused["metrics"]["step"]
        logs = {run_id: second.events(run_id) for run_id in (going, held)}
    for log in logs.values():
        assert_whole_log(log)
        assert [e["type"] for e in log].count("started") == 2
        # Its steps once each, in order: it went on from the step the stop saved.
        steps = [e["step"] for e in log if e["type"] == "progress"]
        assert steps == sorted(set(steps))
    ends = [e for e in logs[going] if e["type"] == "end"]
    assert [e["message"] for e in ends][:1] == [GOES_ON]


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


def test_an_address_where_another_service_answers_is_said_and_not_waited_on(
    tmp_path: Path,
) -> None:
    """A RAY_ADDRESS that names a web server's port: Ray's own join would wait for a day, saying
    nothing, and a stop would wait for it."""
    web = ThreadingHTTPServer(("127.0.0.1", free_port()), SimpleHTTPRequestHandler)
    threading.Thread(target=web.serve_forever, daemon=True).start()
    address = f"127.0.0.1:{web.server_address[1]}"
    try:
        client = ray_client(tmp_path, address).__enter__()
        deadline = time.monotonic() + 120
        notes = set()
        while (health := client.get("/api/health").json())["executor_problem"] is None:
            notes.add((health["executor_note"] or "").split(" for ")[0])
            assert time.monotonic() < deadline, "the executor never said what answers there"
            time.sleep(0.2)
        assert f"Connecting to Ray at {address}" in notes  # while it asked
        assert (health["executor"], health["cluster"]) == ("ray", address)
        assert health["executor_problem"] == (
            f"Ray is unreachable at {address}: something answers there, but not as a Ray "
            "cluster's GCS: give the head's GCS address (`ray start --head --port`, 6379 by "
            "default), not the dashboard's (8265) or the client server's (10001)."
        )
        reply = client.post("/api/runs", json={"design": DIGITS_CNN, "training": DIGITS_TRAINING})
        assert reply.status_code == 503 and reply.json()["detail"] == health["executor_problem"]
        stopping = time.monotonic()
        client.__exit__(None, None, None)
        assert time.monotonic() - stopping < 30  # it was not inside Ray's join
    finally:
        web.shutdown()
        web.server_close()


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


def test_without_an_address_it_trains_on_a_private_ray_started_again_if_it_dies(
    tmp_path: Path,
) -> None:
    """One test, as each private instance is seconds of CPU to start and to warm a worker on."""
    with ray_client(tmp_path, None) as client:
        wait_until_ready(client)
        run_id = start_run(client, epochs=2)
        assert wait_for(client, run_id, ENDED, timeout=180)["status"] == "succeeded"
        log = read_socket(client, run_id)
        assert_whole_log(log)
        assert log[0]["worker"].startswith("Ray TrainingWorker")

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
    # The first instance's workers see their raylet gone and exit, seconds later on a busy
    # machine (one was still there once in CI): left behind is what outlives that.
    deadline = time.monotonic() + 30
    while (left := orphans()) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert left == [], "the private Ray instances left processes behind"


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
