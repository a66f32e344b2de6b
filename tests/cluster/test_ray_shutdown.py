"""The server lets Ray go with no other thread in it: a thread that calls into Ray, or lets go of
an ObjectRef or actor handle, while `ray.shutdown()` runs on the dispatcher's thread ends the
whole process (a loaded CI run lost its test process so: a Stop sent to a run as the server
stopped was still waiting for its answer when the run's end let the dispatcher shut Ray down).

That crash needs a few milliseconds' coincidence; what makes it possible is seen every time: the
threads' stacks, read as `ray.shutdown()` is called (runs/ray_calls.py)."""

import contextlib
import os
import signal
import sys
import threading
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
import ray
from ray.actor import ActorHandle

import torchcanvas
from tests.backend.conftest import start_run, wait_for
from tests.cluster.conftest import LoopbackCluster
from tests.cluster.ray_client import ray_client, wait_until_ready
from tests.cluster.test_ray_executor import started
from torchcanvas.runs import ray_dispatch
from torchcanvas.runs.ray_slots import Slot
from torchcanvas.runs.recorder import STOPPED
from torchcanvas.store.db import DATABASE_NAME, Database
from torchcanvas.store.runs import RunStore

RAY_CODE = str(Path(ray.__file__).parent)
OUR_CODE = str(Path(torchcanvas.__file__).parent)


def _holds_ray(value: Any) -> bool:
    """An object whose end calls into Ray: a ref, a stream, an actor handle, a slot's handle."""
    if isinstance(value, Slot):
        return value.actor is not None or value.started is not None
    return isinstance(value, (ray.ObjectRef, ray.ObjectRefGenerator, ActorHandle))


def _in_ray(frame: FrameType) -> str | None:
    """What a thread of the server does in Ray, or holds of it, if it does."""
    stack: list[FrameType] = []
    while frame is not None:
        stack.append(frame)
        frame = frame.f_back  # type: ignore[assignment]
    if not any(f.f_code.co_filename.startswith(OUR_CODE) for f in stack):
        return None  # Ray's own threads (it ends them), pytest's
    for f in stack:
        where = f"{f.f_code.co_name} ({Path(f.f_code.co_filename).name}:{f.f_lineno})"
        if f.f_code.co_filename.startswith(RAY_CODE):
            return f"calls into Ray: {where}"
        held = [name for name, value in f.f_locals.items() if _holds_ray(value)]
        if f.f_code.co_filename.startswith(OUR_CODE) and held:
            return f"holds {', '.join(held)} in {where}"
    return None


def _threads_in_ray() -> list[str]:
    """The server's other threads that are in Ray, or hold something of it, and what they do."""
    names = {thread.ident: thread.name for thread in threading.enumerate()}
    found = []
    for ident, frame in sys._current_frames().items():
        what = _in_ray(frame) if ident != threading.get_ident() else None
        if what is not None:
            found.append(f"{names.get(ident, ident)} {what}")
    return found


def test_ray_is_let_go_with_no_other_thread_in_it(
    ray_cluster: LoopbackCluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run whose actor is stalled (SIGSTOP: a busy node) as the server stops: its Stop waits
    for an answer and its relay for its next message when the dispatcher gives up waiting for
    it, so both were in Ray as it was let go; now the relay is stopped and joined, and the Stop
    has its answer (here its 5 s timeout) before Ray is let go. The run ends as one the server
    stopped."""
    seen: list[list[str]] = []
    shutdown = ray.shutdown

    def looked_at(*args: Any, **kwargs: Any) -> None:
        seen.append(_threads_in_ray())
        shutdown(*args, **kwargs)

    pid = None
    try:
        with ray_client(tmp_path / "data", ray_cluster.address) as client:
            wait_until_ready(client)
            run_id = start_run(client, epochs=500, batch_size=8)
            wait_for(client, run_id, {"running"}, timeout=120)
            worker = started(client, run_id)["worker"]
            pid = int(worker.split("pid ")[1].split(",")[0])
            os.kill(pid, signal.SIGSTOP)
            monkeypatch.setattr(ray, "shutdown", looked_at)
            # The runs' second to come back, not a minute: the Stop's 5 s wait outlasts it.
            monkeypatch.setattr(ray_dispatch, "RUNS_STOP", 1.0)
        assert seen == [[]]
        # Its checkpoint did not come back in time: the server's stop ended it, as its own.
        db = Database(tmp_path / "data" / DATABASE_NAME)
        run = RunStore(db).get(run_id)
        db.close()
        assert run is not None and run.status == "failed"
        assert run.error is not None and run.error.startswith(STOPPED), run.error
    finally:
        if pid is not None:
            with contextlib.suppress(ProcessLookupError):  # gone with its driver
                os.kill(pid, signal.SIGKILL)
