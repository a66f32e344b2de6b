"""Cores of their own for training (runs/cores.py): the workers on the last cores, the server,
with every thread it has or starts later, on the others."""

import json
import os
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING
from tests.serve import serve
from torchcanvas.api.services import core_split
from torchcanvas.config import ServerConfig
from torchcanvas.runs.cores import CoreSplit, split_cores


@pytest.mark.parametrize(
    ("available", "worker_cores", "split"),
    [
        ({0, 1}, 1, CoreSplit(frozenset({0}), frozenset({1}))),
        ({0, 1, 2, 3}, 2, CoreSplit(frozenset({0, 1}), frozenset({2, 3}))),
        ({0, 1, 2, 3}, 8, CoreSplit(frozenset({0}), frozenset({1, 2, 3}))),  # never all
        ({4, 9, 2}, 1, CoreSplit(frozenset({2, 4}), frozenset({9}))),  # a container's cpuset
        ({3}, 1, None),  # one core: nothing to split
        (set(), 1, None),
    ],
)
def test_the_workers_take_the_last_cores_and_leave_the_server_some(
    available: set[int], worker_cores: int, split: CoreSplit | None
) -> None:
    assert split_cores(available, worker_cores) == split


def _of_each_thread(pid: int, name: str) -> list[str]:
    """The file `name` of every thread of the process; a thread that ends meanwhile (a request
    thread of the server's) has none, and is left out."""
    texts = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            texts.append((task / name).read_text())
        except FileNotFoundError:
            continue
    return texts


def _children(pid: int) -> list[int]:
    return [int(c) for text in _of_each_thread(pid, "children") for c in text.split()]


def _cores_of_each_thread(pid: int) -> set[str]:
    """The Cpus_allowed_list of every thread of the process, as the kernel says it."""
    cores = set()
    for text in _of_each_thread(pid, "status"):
        for line in text.splitlines():
            if line.startswith("Cpus_allowed_list:"):
                cores.add(line.split(":", 1)[1].strip())
    return cores


def _call(url: str, method: str, path: str, cookie: str, body: object = None) -> tuple[Any, str]:
    request = urllib.request.Request(
        url + path, method=method, data=None if body is None else json.dumps(body).encode()
    )
    request.add_header("Content-Type", "application/json")
    if cookie:
        request.add_header("Cookie", cookie)
    with urllib.request.urlopen(request, timeout=60) as reply:
        set_cookie = reply.headers.get("set-cookie", "")
        return json.loads(reply.read()), set_cookie.split(";")[0] or cookie


def test_a_server_keeps_its_threads_off_the_workers_cores_and_still_trains(
    tmp_path: Path,
) -> None:
    available = os.sched_getaffinity(0)
    server_pids = set(_children(os.getpid()))
    with serve(tmp_path, TORCHCANVAS_PIN_CORES="1") as url:
        (server,) = set(_children(os.getpid())) - server_pids
        # Torch's own threads for predictions and exports: one (TORCHCANVAS_API_THREADS), as
        # torch itself reports them once the server has set them.
        log = (tmp_path / "server.log").read_text()
        assert "Torch in this process: 1 intra-op and 1 inter-op threads" in log, log
        _, cookie = _call(url, "GET", "/api/health", "")
        run, cookie = _call(
            url, "POST", "/api/runs", cookie, {"design": DIGITS_CNN, "training": DIGITS_TRAINING}
        )
        deadline = time.monotonic() + 120
        while (status := _call(url, "GET", f"/api/runs/{run['id']}", cookie)[0]["status"]) in (
            "queued",
            "running",
        ) and time.monotonic() < deadline:
            time.sleep(0.2)  # requests meanwhile start the server's request threads
        assert status == "succeeded"
        # The worker is a child of the server's fork server (runs/fork_server.py), which, as
        # multiprocessing's resource tracker, is a child of the server's.
        (fork_server,) = (
            pid
            for pid in _children(server)
            if b"multiprocessing.forkserver" in Path(f"/proc/{pid}/cmdline").read_bytes()
        )
        (worker,) = _children(fork_server)
        split = split_cores(set(available), 1)  # TORCHCANVAS_WORKER_THREADS=1
        everything = _cores_of_each_thread(os.getpid())
        if split is None:  # one core: nothing is pinned
            assert _cores_of_each_thread(server) == everything
            return
        server_cores, worker_cores = _cores_of_each_thread(server), _cores_of_each_thread(worker)
        assert len(server_cores) == 1 and len(worker_cores) == 1, (server_cores, worker_cores)
        assert _as_set(server_cores.pop()) == split.server
        assert _as_set(worker_cores.pop()) == split.workers


def _as_set(cores: str) -> frozenset[int]:
    """ "0-2,5" as {0, 1, 2, 5}."""
    result: set[int] = set()
    for part in cores.split(","):
        low, _, high = part.partition("-")
        result.update(range(int(low), int(high or low) + 1))
    return frozenset(result)


def test_only_a_local_pool_asked_to_is_split(tmp_path: Path) -> None:
    def split(**settings: Any) -> CoreSplit | None:
        return core_split(ServerConfig(data_dir=tmp_path, workers=1, worker_threads=1, **settings))

    assert split(pin_cores=True) == split_cores(os.sched_getaffinity(0), 1)
    assert split(pin_cores=False) is None
    assert split(pin_cores=True, executor="ray") is None  # Ray places its own workers
