"""One warm worker process of the local pool: how it starts, how it is asked to stop, and what
its death means for the run it trained."""

import contextlib
import os
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from torchcanvas.runs.fork_server import context, in_environment
from torchcanvas.runs.memory_guard import over_limit_message
from torchcanvas.runs.protocol import StopWorker
from torchcanvas.runs.scratch import worker_scratch
from torchcanvas.training.events import EndEvent, Metrics

# Seconds a worker asked to stop is given to end by itself (its folders removed) before it is
# killed: one with no run. One with a run first trains to its next step and saves it, and killed
# its run would be lost: a paused run of 50 M parameters with Adam's state writes 0.6 GB of
# checkpoint (7 s here, after seconds of copying and checksumming it, then an fsync on a slow
# disk, neither of which changes a file), so it is given SAVE_WAIT.
STOP_WAIT = 5.0
SAVE_WAIT = 60.0


@dataclass
class PoolWorker:
    """A worker process, its pipe, and the run it trains; the pool changes it under its lock."""

    process: BaseProcess
    conn: Connection
    gpu: int
    scratch: Path  # its folder of temporary files (runs/scratch.py), removed once it has ended
    ready: bool = False
    run_id: str | None = None
    over_memory: int = 0  # the bytes it used when the memory guard killed it
    reader: threading.Thread | None = field(default=None, repr=False)
    # One join at a time: two at once read its exit status once between them (the other 255).
    joining: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def join(self, timeout: float) -> None:
        """Waits up to `timeout` seconds for the process to end, never beside another wait."""
        with self.joining:
            self.process.join(timeout=timeout)


def spawn_worker(
    gpu: int,
    body: Callable[..., None],
    threads: int,
    cores: frozenset[int] | None,
    read: Callable[[PoolWorker], None],
) -> PoolWorker:
    """Starts a worker process running `body`, and a thread that relays its messages to `read`."""
    parent, child = context.Pipe()
    environ = dict(os.environ)
    process = context.Process(
        target=in_environment,
        args=(environ, body, child, threads, gpu, cores),
        name="torchcanvas-worker",
        daemon=True,
    )
    process.start()
    child.close()
    assert process.pid is not None  # started
    worker = PoolWorker(process, parent, gpu, worker_scratch(process.pid, environ))
    worker.reader = threading.Thread(target=read, args=(worker,), daemon=True)
    worker.reader.start()
    return worker


def stop_workers(workers: list[PoolWorker], starting: list[PoolWorker]) -> None:
    """Asks each worker to stop (those still `starting` are terminated), then kills what lingers."""
    for worker in workers:
        if worker in starting:  # no run on it, and it reads no pipe until torch is imported
            worker.process.terminate()
            continue
        with contextlib.suppress(OSError):  # the worker may be gone already
            worker.conn.send(StopWorker())
    asked = time.monotonic()  # all at once: each wait counts from here
    for worker in workers:
        wait = SAVE_WAIT if worker.run_id is not None else STOP_WAIT
        worker.join(max(0.0, asked + wait - time.monotonic()))
        if worker.process.is_alive():
            worker.process.kill()
            worker.join(5)
        worker.conn.close()
        remove_scratch(worker)


def remove_scratch(worker: PoolWorker) -> None:
    """Removes the folder of a worker that has ended: one killed, or stopped as it removed it,
    cannot have (the next worker's sweep would, but a pool that stops starts none)."""
    if worker.process.exitcode is not None:
        shutil.rmtree(worker.scratch, ignore_errors=True)


def death_end(worker: PoolWorker, memory_limit: int | None) -> EndEvent:
    """The end of the run that a worker trained when it died."""
    if worker.over_memory and memory_limit is not None:
        message = over_limit_message(worker.over_memory, memory_limit)
        # Not interrupted: going on from its checkpoint would only take as much again.
        return EndEvent(status="failed", metrics=Metrics(), message=message)
    code = worker.process.exitcode
    return EndEvent(
        status="failed",
        metrics=Metrics(),
        message=(
            f"The worker process training this run died (exit code {code}). "
            "If it ran out of memory, lower the batch size."
        ),
        interrupted=True,
    )
