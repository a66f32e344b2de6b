"""Where the local pool's workers come from: a fork server that has imported torch once.

A worker started with `spawn` spent six seconds of CPU importing torch, scikit-learn and torch's
compiler front end (which the optimizer's first step imports) before it was ready. The fork
server is a fresh process of its own (not a fork of the API server, whose threads and state it
does not share) that imports them once; each worker is forked from it and is ready in a quarter
of a second (bench/worker_start.py), also each that replaces one that died, ran out of memory or
was stopped.

Nothing imported here may touch CUDA (tests/backend/test_fork_server.py checks): each worker
initialises CUDA itself, after its fork, as PyTorch requires. A worker gets the environment of
the process that starts it, at that moment, as a spawned one would: the fork server's is only
the environment of the moment it started.
"""

import multiprocessing as mp
import os
import tempfile
from collections.abc import Callable
from typing import Any

# The worker's own modules (torch, the training loop), scikit-learn's bundled sets (which the
# server itself imports only when it loads one), and what torch imports at a run's first
# optimizer step and shape check.
PRELOAD = [
    "torchcanvas.runs.worker",
    "sklearn.datasets",
    "torch._dynamo",
    "torch.fx.experimental.symbolic_shapes",
]

context = mp.get_context("forkserver")
context.set_forkserver_preload(PRELOAD)


def in_environment(environ: dict[str, str], body: Callable[..., None], *args: Any) -> None:
    """Runs a worker's body in the environment it was started with."""
    os.environ.clear()
    os.environ.update(environ)
    tempfile.tempdir = None  # found again from TMPDIR, as a fresh process would
    body(*args)
