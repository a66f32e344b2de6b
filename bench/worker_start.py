"""How long a local worker takes from its start to ready: forked from the fork server that has
imported torch (runs/fork_server.py), against a worker spawned afresh as before.

A server starts a worker when it starts, and again for each worker that died, was stopped for
memory or was told to stop: meanwhile a run waits "queued". Each worker here is the real one
(`worker_main`: imports, datasets, a warm run), timed from `Process.start` to its WorkerReady,
with its CPU time (its own, read from /proc before it exits); the fork server is started once
before the first measurement, as a running server's is.

    .venv/bin/python bench/worker_start.py [--repeats 5]
"""

import argparse
import multiprocessing as mp
import os
import statistics
import time
from multiprocessing.context import BaseContext
from pathlib import Path

from torchcanvas.runs.fork_server import context, in_environment
from torchcanvas.runs.protocol import StopWorker, WorkerReady
from torchcanvas.runs.worker import worker_main


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_to_ready(start: BaseContext) -> tuple[float, float]:
    """Seconds from start to WorkerReady, and the worker's CPU seconds by then."""
    parent, child = start.Pipe()
    began = time.perf_counter()
    process = start.Process(  # type: ignore[attr-defined]
        target=in_environment, args=(dict(os.environ), worker_main, child, 1, 0, None)
    )
    process.start()
    child.close()
    message = parent.recv()
    ready = time.perf_counter() - began
    assert isinstance(message, WorkerReady), message
    cpu = cpu_seconds(process.pid)
    parent.send(StopWorker())
    process.join(timeout=60)
    return ready, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    repeats = parser.parse_args().repeats
    start_to_ready(context)  # the fork server's own start and imports, as at a server's start
    times: dict[str, list[tuple[float, float]]] = {"fork server": [], "spawn": []}
    for _ in range(repeats):  # interleaved, so that the machine's load falls on both alike
        times["fork server"].append(start_to_ready(context))
        times["spawn"].append(start_to_ready(mp.get_context("spawn")))
    medians = {}
    for name, measured in times.items():
        ready = statistics.median(r for r, _ in measured)
        cpu = statistics.median(c for _, c in measured)
        medians[name] = ready
        print(
            f"{name:12} start to ready {ready:6.2f} s (median of {repeats}), its CPU {cpu:5.2f} s"
        )
    print(f"spawn / fork server: {medians['spawn'] / medians['fork server']:.1f}x")


if __name__ == "__main__":  # spawned workers import this script as their main: nothing runs then
    main()
