"""The Ray cluster on the server's own machine killed outright (kill -9 of every one of its
processes, as the OOM killer or `ray stop --force` ends them): the server lives on, says so, and
trains again once the cluster is started again.

A cluster of the test's own, as the shared one would not come back.
"""

import os
import signal
import time
from pathlib import Path

import httpx2 as httpx

from tests.cluster.conftest import LoopbackCluster
from tests.cluster.ray_server import ENDED, _descendants, server
from tests.cluster.test_ray_executor import assert_whole_log


def kill_outright(cluster: LoopbackCluster) -> int:
    """SIGKILL to every process of the cluster (each node's `ray start` and all it started: GCS,
    raylets, agents, workers), none warned; how many there were."""
    starts = [process for process in [cluster.head, *cluster.nodes.values()] if process]
    doomed = [pid for start in starts for pid in [start.pid, *_descendants(start.pid)]]
    for pid in doomed:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:  # gone with its parent
            continue
    for start in starts:
        start.wait(timeout=10)
    return len(doomed)


def test_a_server_outlives_its_machines_ray_killed_outright(tmp_path: Path, ray_dir: Path) -> None:
    (tmp_path / "cluster").mkdir()
    cluster = LoopbackCluster(tmp_path / "cluster")
    try:
        cluster.start_head()
        cluster.start_node("node-1")
        # Its parent PID 1, as under systemd or tini: Ray's driver took the raylet it had lost
        # for dead from that, and ended the server as it let Ray go.
        with server(tmp_path, httpx.Cookies(), ray_dir, cluster.address, orphan=True) as running:
            run_id = running.start_run(epochs=500, batch_size=8)
            running.wait_for(run_id, lambda run: run["metrics"]["epoch"] >= 1)

            assert kill_outright(cluster) > 4
            run = running.wait_for(run_id, lambda run: run["status"] in ENDED)
            assert run["status"] == "failed"
            assert run["error"].endswith("Press Continue to go on from its last checkpoint.")
            assert cluster.address in running.wait_problem()
            # Ray's driver let go of a node killed under it: the process lives on.
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                assert running.process.poll() is None, (tmp_path / "server.log").read_text()[-3000:]
                time.sleep(0.2)

            cluster.start_head()
            cluster.start_node("node-1")
            running.wait_ready()
            reply = running.client.post(f"/api/runs/{run_id}/continue", json={"epochs": 1})
            assert reply.status_code == 200, reply.text
            assert running.wait_for(run_id, lambda run: run["status"] in ENDED)["status"] == (
                "succeeded"
            )
            assert_whole_log(running.events(run_id))
            code, _ = running.terminate()
        assert code == 0, (tmp_path / "server.log").read_text()[-3000:]
    finally:
        cluster.stop()
