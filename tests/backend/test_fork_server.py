"""The local pool's workers are forked from a fork server that imported torch once
(runs/fork_server.py): with the environment of the moment they start, and no CUDA before it."""

import json
import subprocess
import sys
import time
from multiprocessing import forkserver
from pathlib import Path

import pytest

from tests.backend.test_pool import Collect
from tests.backend.worker_bodies import FOUND, say_what_it_found
from torchcanvas.runs.fork_server import PRELOAD
from torchcanvas.runs.pool import LocalPool


def test_a_worker_has_torch_already_and_the_environment_of_when_it_started(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    forkserver.ensure_running()  # started before the variable is set, as for a later worker
    found = tmp_path / "found.json"
    monkeypatch.setenv(FOUND, str(found))
    pool = LocalPool(workers=1, threads=1, worker=say_what_it_found)
    pool.start(Collect())
    try:
        deadline = time.monotonic() + 60
        while not found.exists():
            assert time.monotonic() < deadline, "the worker never wrote what it found"
            time.sleep(0.05)
    finally:
        pool.shutdown()
    said = json.loads(found.read_text())
    assert said["torch"] is True, "the worker imported torch itself: nothing was preloaded"
    assert "multiprocessing.forkserver" in said["parent"], said["parent"]


# Every way into CUDA that an import might take, made to record its caller: a worker forked
# after CUDA is initialised cannot use it ("Cannot re-initialize CUDA in forked subprocess").
_PROBE = """
import json, sys, traceback
import torch
calls = []
def record(name):
    def called(*args, **kwargs):
        calls.append(name + ":\\n" + "".join(traceback.format_stack(limit=6)))
        return False
    return called
for name in ("is_available", "device_count", "init", "_lazy_init", "current_device",
             "get_device_properties", "get_device_name", "get_device_capability",
             "is_bf16_supported", "mem_get_info", "set_device"):
    setattr(torch.cuda, name, record(name))
for module in json.loads(sys.argv[1]):
    __import__(module)
print(json.dumps(calls))
"""


def test_what_the_fork_server_imports_never_asks_for_cuda() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(PRELOAD)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    calls = json.loads(done.stdout.splitlines()[-1])
    assert calls == [], "\n".join(calls)
