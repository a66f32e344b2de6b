"""The Ray actor that trains runs: warm once, then one run at a time, streamed back to the server.

The worker shares no disk with the server. A run trains in a folder of the worker's own; each
file it writes there (checkpoints, weights, results) goes back as a RunFile, in order with the
events, so an epoch event never reaches the server before the checkpoint that covers it.
"""

import fcntl
import os
import queue
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ray

from torchcanvas.runs.code_version import code_version, package_folder
from torchcanvas.runs.memory_guard import resident_bytes
from torchcanvas.runs.protocol import (
    CancelRun,
    Control,
    FromWorker,
    RunDone,
    RunFile,
    WorkerReady,
)
from torchcanvas.runs.scratch import own_scratch
from torchcanvas.runs.worker import RunControl, run_job, warm_up
from torchcanvas.training.job import TrainingJob


@dataclass(frozen=True)
class RayJob:
    """A job and the files it needs, as the server sends them to a worker on another machine."""

    job: TrainingJob
    files: dict[str, bytes] = field(default_factory=dict)  # into the run's folder: checkpoint, init
    # Datasets by the folder they live in under the data folder (`datasets/<id>`), each an
    # object in Ray's store of {file name: bytes}, fetched once per node.
    datasets: dict[str, ray.ObjectRef] = field(default_factory=dict)  # type: ignore[type-arg]
    # Deleted uploads' folders (`datasets/<id>`): a node's copies of them are removed.
    gone: list[str] = field(default_factory=list)


def _node_data_dir() -> Path:
    """The data folder this node keeps shipped datasets and downloads in, shared by its workers."""
    folder = Path(tempfile.gettempdir()) / "torchcanvas-worker-data"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _fetch_dataset(data_dir: Path, files: dict[str, bytes]) -> Path:
    """Writes a shipped dataset's files into a folder of their own beside this node's copies."""
    partial = Path(tempfile.mkdtemp(dir=data_dir, prefix=".partial-"))
    for name, data in files.items():
        (partial / name).write_bytes(data)
    return partial


def _place_dataset(data_dir: Path, where: str, partial: Path) -> None:
    """Puts a fetched dataset in place, unless a worker here already has."""
    target = data_dir / where
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        partial.rename(target)
    except OSError:  # another worker on this node placed it first
        shutil.rmtree(partial, ignore_errors=True)


def place_datasets(
    data_dir: Path,
    sent: RayJob,
    fetch: Callable[[Any], dict[str, bytes]] = ray.get,
) -> None:
    """This node's copies of the job's datasets, fetched where it has none; its copies of deleted
    uploads removed, and of uploads idle for NODE_COPY_IDLE. The node's lock is not held while a
    dataset is fetched (up to 1 GiB: every other worker here waited to start any run: a review),
    and a copy found in place is marked used at once, so that no prune meanwhile takes it."""
    with _copies_locked(data_dir):
        for where in sent.gone:
            _remove_dataset(data_dir, where)
        missing = {}
        for where, ref in sent.datasets.items():
            if (data_dir / where).is_dir():
                _used(data_dir, where)  # a week from now before another worker's prune
            else:
                missing[where] = ref
        _prune_idle(data_dir, time.time())
    fetched = {where: _fetch_dataset(data_dir, fetch(ref)) for where, ref in missing.items()}
    with _copies_locked(data_dir):
        for where, partial in fetched.items():
            _place_dataset(data_dir, where, partial)
            _used(data_dir, where)


# A node's copy of an upload no run here has trained on for this long goes as the next run starts:
# the server's object store keeps only the recent ones (runs/ray_runs.py), and a node kept every
# upload it was ever sent. One that a run asks for again is fetched again.
NODE_COPY_IDLE = 7 * 24 * 3600.0


@contextmanager
def _copies_locked(data_dir: Path) -> Iterator[None]:
    """The node's copies to this worker alone while it places, marks and prunes them: without it,
    a worker's prune could remove an idle copy another worker here had just found in place."""
    with (data_dir / ".copies.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield  # the lock goes with the file's close


def _used(data_dir: Path, where: str) -> None:
    """Marks this node's copy of a dataset as used now (its folder's time)."""
    os.utime(data_dir / where)


def _prune_idle(data_dir: Path, now: float) -> None:
    """Removes this node's copies of uploads that no run here used for NODE_COPY_IDLE."""
    folder = data_dir / "datasets"
    for copy in folder.iterdir() if folder.is_dir() else ():
        try:
            idle = now - copy.stat().st_mtime > NODE_COPY_IDLE
        except FileNotFoundError:  # another worker here removed it
            continue
        if idle and copy.is_dir():
            shutil.rmtree(copy, ignore_errors=True)


def _remove_dataset(data_dir: Path, where: str) -> None:
    """Removes this node's copy of a deleted upload, if it has one; only a folder of the node's
    datasets: `where` comes from the server, never a path out of them."""
    target = data_dir / where
    if target.parent == data_dir / "datasets" and target.name not in ("", ".", ".."):
        shutil.rmtree(target, ignore_errors=True)


@ray.remote(max_concurrency=4)  # type: ignore[call-overload]  # controls run beside `run`
class TrainingWorker:
    """One warm training worker: torch imported and its device set up before the first run."""

    def __init__(self, threads: int, gpus: float = 0.0) -> None:
        self.code = code_version()  # of the files as imported, before a warm-up of seconds
        self.device = warm_up(threads, gpu=0)  # Ray sets CUDA_VISIBLE_DEVICES to its GPU
        self.control = RunControl()
        self.node = ray.get_runtime_context().get_node_id()
        nodes = ray.nodes()  # type: ignore[no-untyped-call]
        address = next(n["NodeManagerAddress"] for n in nodes if n["NodeID"] == self.node)
        device = self.device
        if gpus and device == "cpu":  # Ray counts GPUs it was told of; torch finds none to use
            device = f"cpu: Ray gave it {gpus:g} GPU, but torch sees no CUDA device"
        self.where = (
            f"Ray TrainingWorker (pid {os.getpid()}, {device}) on node {self.node[:12]} "
            f"at {address}"
        )

    def ready(self) -> WorkerReady:
        return WorkerReady(self.where, self.node, self.code, package_folder())

    def pid(self) -> int:
        return os.getpid()

    def resident(self) -> int | None:
        """This actor's resident memory, for the server's memory guard (it may be elsewhere)."""
        return resident_bytes(os.getpid())

    def begin(self, run_id: str) -> None:
        """Takes the run's controls from now on (called, and waited for, before `run`)."""
        self.control.begin(run_id)

    def control_run(self, message: Control) -> bool:
        """Pause, resume, step or stop the run this worker trains; False when it trains another."""
        return self.control.apply(message)

    def run(self, sent: RayJob) -> Iterator[FromWorker]:
        """Trains one job, yielding its events and files in the order they happen."""
        job = sent.job
        data_dir = _node_data_dir()
        place_datasets(data_dir, sent)
        # Under this process's scratch folder: removed below, or by the next worker here once
        # this one is killed (runs/scratch.py).
        folder = Path(tempfile.mkdtemp(prefix=f"run-{job.run_id}-", dir=own_scratch()))
        for name, data in sent.files.items():
            (folder / name).write_bytes(data)
        job = job.model_copy(update={"folder": folder, "data_dir": data_dir, "worker": self.where})
        out: queue.Queue[FromWorker | None] = queue.Queue()

        def written(name: str) -> None:
            out.put(RunFile(job.run_id, name, (folder / name).read_bytes()))

        def train() -> None:
            try:
                run_job(job, out.put, self.control, written)
            finally:
                out.put(None)

        trainer = threading.Thread(target=train, name=f"run-{job.run_id}", daemon=True)
        trainer.start()
        try:
            while (message := out.get()) is not None:
                yield message
        finally:  # ended, or the server stopped reading: then the run ends with a checkpoint
            self.control.apply(CancelRun(job.run_id))  # a no-op once another run has begun
            trainer.join()
            shutil.rmtree(folder, ignore_errors=True)
        # Only now: RunDone frees this worker for the server's next run, whose `begin` clears the
        # stop flag; set after it, by this run's cleanup, that run would end 'cancelled' unstarted.
        yield RunDone(job.run_id)
