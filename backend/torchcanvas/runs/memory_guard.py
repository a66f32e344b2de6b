"""A run that uses far more memory than a run may is stopped before the machine runs out of it.

A run is checked against an estimate of its memory when it is created (design/limits.py). The
estimate can miss (a dataset's copies, the allocator's caches, a layer it models badly), and a
worker that takes all the memory gets the kernel's OOM killer, which may pick the web server
instead. So the pool's guard reads each busy worker's resident memory from /proc twice a second,
and kills a worker past the limit; its run fails saying how much it used and what to change.
"""

import os
import threading
from collections.abc import Callable
from pathlib import Path

_PAGE = os.sysconf("SC_PAGE_SIZE")


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


class MemoryGuard:
    """Polls the busy workers (`busy`: their pid and run) and calls `kill` for one over `limit`."""

    def __init__(
        self,
        limit: int,
        busy: Callable[[], list[tuple[int, str]]],
        kill: Callable[[int, str, int], None],
        every: float = 0.5,
    ) -> None:
        self.limit, self.busy, self.kill, self.every = limit, busy, kill, every
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="memory-guard", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()

    def _watch(self) -> None:
        while not self._stopped.wait(self.every):
            for pid, run_id in self.busy():
                used = resident_bytes(pid)
                if used is not None and used > self.limit:
                    self.kill(pid, run_id, used)
