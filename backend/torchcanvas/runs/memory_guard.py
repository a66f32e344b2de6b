"""A run that uses far more memory than a run may is stopped before the machine runs out of it.

A run is checked against an estimate of its memory when it is created (design/limits.py). The
estimate can miss (a dataset's copies, the allocator's caches, a layer it models badly), and a
worker that takes all the memory gets the kernel's OOM killer, which may pick the web server
instead. So a guard reads each busy worker's resident memory twice a second (the local pool from
/proc, the Ray executor by asking its actor, which may be on another machine) and kills a worker
past the limit; its run fails saying how much it used and what to change.
"""

import os
import threading
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Generic, TypeVar

_PAGE = os.sysconf("SC_PAGE_SIZE")
W = TypeVar("W", bound=Hashable)  # how an executor names a worker: a pid, an actor's slot


def resident_bytes(pid: int) -> int | None:
    """The process's resident memory; None when it cannot be read (gone, or not Linux)."""
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return None


def over_limit_message(used: int, limit: int) -> str:
    return (
        f"This run used {used / 2**30:.2f} GiB of memory, more than a run may use on this server "
        f"({limit / 2**30:.2f} GiB, TORCHCANVAS_MAX_WORKER_MEMORY_GIB), so it was stopped: lower "
        "the batch size, or make the model or its widest layers smaller."
    )


class MemoryGuard(Generic[W]):
    """Polls the busy workers (`busy`: each worker and its run), measures each (`measure`: its
    resident bytes, None when it cannot tell) and calls `kill` for one over `limit`."""

    def __init__(
        self,
        limit: int,
        busy: Callable[[], list[tuple[W, str]]],
        kill: Callable[[W, str, int], None],
        measure: Callable[[W], int | None],
        every: float = 0.5,
    ) -> None:
        self.limit, self.busy, self.kill, self.every = limit, busy, kill, every
        self.measure = measure
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="memory-guard", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()

    def _watch(self) -> None:
        while not self._stopped.wait(self.every):
            for worker, run_id in self.busy():
                used = self.measure(worker)
                if used is not None and used > self.limit:
                    self.kill(worker, run_id, used)
