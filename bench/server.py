"""The tests' real server (tests/serve.py), started as a benchmark wants it: its training worker
gets the threads a deployed one would, not the tests' one."""

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.serve import Server, start

__all__ = ["Server", "serve"]


@contextmanager
def serve(data: Path, **env: str) -> Iterator[Server]:
    """`python -m torchcanvas` with one training worker of the cores less one; its log goes to
    data/server.log."""
    threads = str(max(1, len(os.sched_getaffinity(0)) - 1))
    with start(data, None, TORCHCANVAS_WORKER_THREADS=threads, **env) as server:
        yield server
