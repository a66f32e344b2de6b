"""A run sent to a worker held still (SIGSTOP) until a control is sent right behind its start:
the worker then reads both at once, which lands the control before the run's first step (or,
under load, soon after it: callers try again)."""

import os
import signal
import time
from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.backend.conftest import start_run


def start_behind_held_worker(
    client: TestClient, control: Callable[[str], None], start: Callable[[], str] | None = None
) -> str:
    """Starts a run with the app's one worker held (`start`, which gives its id: by default a
    new 2-epoch run), calls `control` with its id, then lets the worker go on; the run's id."""
    executor = client.app.state.services.executor  # type: ignore[attr-defined]
    deadline = time.monotonic() + 120
    while not executor.ready():
        assert time.monotonic() < deadline, "the worker never warmed up"
        time.sleep(0.05)
    (pid,) = executor.worker_pids()
    os.kill(pid, signal.SIGSTOP)  # the run's start waits in its pipe
    try:
        run_id = start() if start else start_run(client, epochs=2)
        control(run_id)
    finally:
        os.kill(pid, signal.SIGCONT)
    return run_id
