"""A real Ray cluster on loopback for the executor tests: a head and two CPU worker nodes.

Each node is a `ray start --block` process of the test's own, so a test can stop one node alone
(as `ray stop` on that machine would) and start it again.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest
from fastapi.testclient import TestClient

from tests.cluster.ray_client import LIMIT_GIB, ray_client, wait_until_ready
from tests.serve import free_port

RAY = str(Path(sys.executable).with_name("ray"))
# Token authentication is for clusters on a network; this one listens on loopback only. A node
# that is stopped drains for a second before it ends its processes, not Ray's default half
# minute (meant for Serve proxies, and spent whole on a busy node or one whose head is gone).
ENV = {
    **os.environ,
    "RAY_AUTH_MODE": "disabled",
    "RAY_USAGE_STATS_ENABLED": "0",
    "RAY_GRACEFUL_SHUTDOWN_DRAIN_TIMEOUT_S": "1",
}
STARTED = b"Ray runtime started."
ENDED = ("succeeded", "failed", "cancelled")  # what `ray start` logs once its node is up


class LoopbackCluster:
    """A head with no CPUs of its own, and worker nodes named `node-1`, `node-2`, … ."""

    def __init__(self, root: Path) -> None:
        # A free port each time, not a fixed one: a test process that crashed leaves its cluster
        # on its port (and xdist's next process once met it there). free_port's ports are clear
        # of Ray's worker ports (10002-19999) and of the ephemeral ones its other parts bind.
        self.root, self.port = root, free_port()
        # Ray's own folder: short, since its socket paths must fit 107 bytes (a test's tmp_path
        # under pytest-xdist need not).
        self.temp = Path(tempfile.mkdtemp(prefix="tc-ray-"))
        self.address = f"127.0.0.1:{self.port}"
        self.head: subprocess.Popen[bytes] | None = None
        self.nodes: dict[str, subprocess.Popen[bytes]] = {}
        self.logs: list[IO[bytes]] = []

    def _start(
        self, name: str, *args: str, env: dict[str, str] | None = None
    ) -> subprocess.Popen[bytes]:
        """Starts a node and waits until it is up: `ray start` says so once the GCS lists it."""
        path = self.root / f"{name}.log"
        offset = path.stat().st_size if path.exists() else 0  # a node started again appends
        log = path.open("ab")
        self.logs.append(log)
        command = [RAY, "start", "--block", "--node-ip-address=127.0.0.1", "--disable-usage-stats"]
        process = subprocess.Popen(
            [*command, f"--temp-dir={self.temp}", *args],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**ENV, **(env or {})},
        )
        self._wait_started(name, process, path, offset)
        return process

    def start_head(self) -> None:
        self.head = self._start(
            "head", "--head", f"--port={self.port}", "--num-cpus=0", "--include-dashboard=false"
        )

    def start_node(self, name: str, *resources: str, env: dict[str, str] | None = None) -> None:
        """Starts a worker node, with `--num-cpus=1` unless `resources` say otherwise, and `env`
        for it and its workers."""
        custom = f'{{"{name}": 1}}'  # so a test can tell which node a run trains on
        self.nodes[name] = self._start(
            name,
            f"--address={self.address}",
            *(resources or ["--num-cpus=1"]),
            f"--resources={custom}",
            env=env,
        )

    def stop_head(self) -> None:
        """Stops the head (GCS, its raylet), as `ray stop` on its machine does."""
        assert self.head is not None
        self.head.terminate()
        self.head.wait(timeout=60)
        self.head = None

    def stop_node(self, name: str, wait: bool = True) -> subprocess.Popen[bytes]:
        """Stops one worker node and everything it runs, as `ray stop` on its machine does.

        Its processes take a few seconds to go (a second of drain, see ENV); `wait=False`
        returns as they begin to.
        """
        process = self.nodes.pop(name)
        process.terminate()
        if wait:
            process.wait(timeout=60)
        return process

    def _wait_started(
        self, name: str, process: subprocess.Popen[bytes], log: Path, offset: int
    ) -> None:
        """Until the node's `ray start` logs STARTED, which it does once the GCS lists the node
        with its resources (Ray's Node waits for that): read from the log, where polling
        `ray status` cost a second of CPU a look on two cores that the nodes starting needed."""
        deadline = time.monotonic() + 120
        while STARTED not in log.read_bytes()[offset:]:
            said = log.read_bytes()[offset:].decode(errors="replace")[-4000:]
            assert process.poll() is None, f"`ray start` of {name} exited:\n{said}"
            assert time.monotonic() < deadline, f"{name} never started:\n{said}"
            time.sleep(0.1)

    def stop(self) -> None:
        for name in list(self.nodes):
            self.stop_node(name)
        if self.head is not None:
            self.stop_head()
        for log in self.logs:
            log.close()
        shutil.rmtree(self.temp, ignore_errors=True)


SHARED = "ray_cluster"
_running: list[LoopbackCluster] = []  # the shared cluster, while it runs


@pytest.fixture(scope="session")
def ray_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LoopbackCluster]:
    """Started for the first test that asks, stopped after the last (see below)."""
    os.environ["RAY_AUTH_MODE"] = "disabled"  # the driver, as the nodes (see ENV)
    root = tmp_path_factory.mktemp("ray")
    cluster = LoopbackCluster(root)
    _running.append(cluster)
    try:
        cluster.start_head()
        cluster.start_node("node-1")
        cluster.start_node("node-2")
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def ray_dir() -> Iterator[Path]:
    """Ray's temporary folder for the servers of a test: short, as Ray's socket paths must be."""
    folder = Path(tempfile.mkdtemp(prefix="tc-ray-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


SERVED = "ray_server"
_serving: list[TestClient] = []  # the shared cluster's server, while it runs


@pytest.fixture(scope="session")
def ray_server(
    ray_cluster: LoopbackCluster, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    """A server in this process on the shared cluster, its two actors ready: the tests that need
    no server of their own share it (each module's own took 15-35 s to start on two cores), and
    leave no run of theirs going. Stopped after the last test that asks, as the cluster is."""
    data = tmp_path_factory.mktemp("data")
    # Room for the memory guard's test design (134M parameters), and a guard to stop it.
    limits = {"max_worker_memory_gib": LIMIT_GIB, "max_params": 200_000_000}
    client = ray_client(data, ray_cluster.address, **limits)
    _serving.append(client.__enter__())
    try:
        wait_until_ready(client, workers=2)
        yield client
    finally:
        _stop_server()


@pytest.fixture
def client(ray_server: TestClient) -> Iterator[TestClient]:
    """The shared cluster's server (a module with a server of its own names its own); a run a
    test left going, as one that failed part-way may, is stopped after it, not left to hold a
    node the next test counts on."""
    yield ray_server
    going = [
        run["id"]
        for run in ray_server.get("/api/runs").json()
        if run["status"] in ("queued", "running", "paused")
    ]
    for run_id in going:
        ray_server.post(f"/api/runs/{run_id}/cancel")
    deadline = time.monotonic() + 60
    while any(ray_server.get(f"/api/runs/{r}").json()["status"] not in ENDED for r in going):
        assert time.monotonic() < deadline, f"runs left going would not stop: {going}"
        time.sleep(0.1)


def _stop_server() -> None:
    if _serving:
        _serving.pop().__exit__(None, None, None)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    """Once the test's fixtures are torn down, stops the shared server and then the shared
    cluster if no later test asks for them, not at the session's end: the cluster's head and
    nodes took CPU from the other clusters' tests and from every test after them on this process,
    and a test with a Ray server of its own needs this process's driver free (tests/conftest.py
    runs the ones that ask first)."""
    yield
    later = _after(item)
    if _serving and not any(SERVED in test.fixturenames for test in later):
        _stop_server()
    if _running and not any(SHARED in test.fixturenames for test in later):
        _running.pop().stop()


def _after(item: pytest.Item) -> list[pytest.Item]:
    items = item.session.items
    return items[items.index(item) + 1 :]
