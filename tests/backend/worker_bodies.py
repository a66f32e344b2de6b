"""Bodies for the local pool's worker processes in tests/backend/test_pool.py.

A spawned worker imports the module of its body before it runs it: this one imports nothing
heavy, so that a worker starts in a fraction of a second instead of importing the app and torch.
"""

import time
from typing import Any

HOARD = 400 * 2**20  # what the first run leaves in its worker: with it, past the limit below
HOARD_LIMIT = 550 * 2**20  # a fresh worker of keep_memory_after_a_run: about 0.27 GiB


def die_at_once(*_args: Any) -> None:
    """A worker body that exits before it is ready, as a broken install would."""
    raise SystemExit(3)


def keep_memory_after_a_run(conn: Any, *_args: Any) -> None:
    """A worker body whose run `big` ends but leaves its memory in the worker (as caches and the
    allocator's free lists do); every other run trains for a second and a half."""
    from torchcanvas.runs.protocol import RunDone, RunEvent, StartRun, WorkerReady
    from torchcanvas.training.events import EndEvent, Metrics

    kept = []
    conn.send(WorkerReady("cpu"))
    while True:
        message = conn.recv()
        if not isinstance(message, StartRun):
            continue
        if message.run_id == "big":
            kept.append(bytearray(HOARD))  # zero-filled: resident
            kept[-1][:: 2**12] = b"\1" * (HOARD // 2**12)
        else:
            time.sleep(1.5)  # the guard looks twice a second
        end = EndEvent(status="succeeded", metrics=Metrics())
        conn.send(RunEvent(message.run_id, end))
        conn.send(RunDone(message.run_id))


FOUND = "TORCHCANVAS_TEST_FOUND"  # where say_what_it_found writes


def say_what_it_found(*_args: Any) -> None:
    """A worker body that writes, to the file its environment names, whether torch was imported
    before it ran and which process started it; then exits (tests/backend/test_fork_server.py)."""
    import json
    import os
    import sys
    from pathlib import Path

    parent = Path(f"/proc/{os.getppid()}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    found = {"torch": "torch" in sys.modules, "parent": parent}
    # Whole or not at all: the test reads it as soon as it exists (it once read it empty).
    path = Path(os.environ[FOUND])
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps(found))
    partial.rename(path)
