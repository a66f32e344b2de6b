"""Cores of their own for training: local workers on some of the machine's cores, the web server
on the others.

A server that trains and serves at once would otherwise do its work for a run's viewers (their
sockets, the fan-out of events) on whichever core is free at that instant, often the one a worker
trains on, and the run slows down while it is watched. Split (TORCHCANVAS_PIN_CORES, on by
default), the workers take the last cores, as many as their threads (but never all), and the
server the rest. On the 2-core development machine 100 viewers slowed a run 1.00–1.03× split
against 1.08–1.11× unsplit, and the server itself answered better on one core than on two: its
threads no longer fight over the GIL across cores (health during a CSV upload, validate under
load: bench/README.md). Linux only; elsewhere nothing is pinned.
"""

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class CoreSplit:
    server: frozenset[int]
    workers: frozenset[int]


def split_cores(available: set[int], worker_cores: int) -> CoreSplit | None:
    """The last `worker_cores` of the available cores for the workers (at most all but one),
    the others for the server; None when there is only one core to share."""
    cores = sorted(available)
    take = min(worker_cores, len(cores) - 1)
    if take < 1:
        return None
    return CoreSplit(server=frozenset(cores[:-take]), workers=frozenset(cores[-take:]))


def available_cores() -> set[int]:
    """The cores this process may run on (a container's cpuset too); empty where unknown."""
    return set(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else set()


def pin_this_process(cores: frozenset[int]) -> None:
    """Every thread of this process onto `cores`; threads it starts later inherit them."""
    if not hasattr(os, "sched_setaffinity"):
        return
    tasks = Path("/proc/self/task")
    threads = [int(t.name) for t in tasks.iterdir()] if tasks.is_dir() else [0]
    for thread in threads:
        with contextlib.suppress(OSError):  # a thread that has just ended
            os.sched_setaffinity(thread, cores)


def cap_torch_threads(threads: int) -> tuple[int, int]:
    """Torch's intra-op and inter-op threads in this process set to `threads`, before any
    parallel work has started (torch refuses the inter-op count after); returns the two counts
    torch then says it uses. The API process's predictions and exports otherwise took a thread
    on every core, the training workers' too."""
    import torch

    torch.set_num_threads(threads)
    if torch.get_num_interop_threads() != threads:
        torch.set_num_interop_threads(threads)
    return torch.get_num_threads(), torch.get_num_interop_threads()
