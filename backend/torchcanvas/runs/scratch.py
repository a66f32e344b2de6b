"""The folders a worker keeps in the temporary directory while it trains (a Ray actor's copy of a
run, the warm-up run), each under the worker's process id.

A worker removes its own when the run ends, but one killed first (kill -9, the memory guard, its
node stopped) cannot, and a run's folder holds its checkpoints: a big model's are gigabytes, left
on a worker machine's disk each time. So every worker, as it starts, removes the folders of the
workers that are gone from this machine (`sweep`), and a local pool removes those of its own
workers once they have ended (`worker_scratch`): one killed as the pool stops, slow to end
under load, left its warm-up's folder.
"""

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path


def scratch_root(temp: Path | None = None) -> Path:
    """Where this user's workers keep their folders, one folder per worker process, under the
    temporary directory `temp` (this process's by default)."""
    return (temp or Path(tempfile.gettempdir())) / f"torchcanvas-scratch-{os.getuid()}"


def worker_scratch(pid: int, environ: Mapping[str, str]) -> Path:
    """The folder of the worker process `pid` started with `environ`, under the temporary
    directory that it finds there (the first of TMPDIR, TEMP and TMP that is set, as Python's
    tempfile looks; else this process's own)."""
    named = next((environ[key] for key in ("TMPDIR", "TEMP", "TMP") if environ.get(key)), None)
    return scratch_root(Path(named) if named else None) / str(pid)


def own_scratch() -> Path:
    """This process's folder under the root (made if missing)."""
    folder = scratch_root() / str(os.getpid())
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"  # killed, not yet waited for: it writes nothing more


def sweep() -> list[Path]:
    """Removes the folders of the worker processes that are gone; returns them."""
    root = scratch_root()
    try:
        children = list(root.iterdir())
    except OSError:  # no worker has kept one yet
        return []
    gone = [c for c in children if c.name.isdigit() and not _alive(int(c.name))]
    for folder in gone:
        shutil.rmtree(folder, ignore_errors=True)
    return gone
