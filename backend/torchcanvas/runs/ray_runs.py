"""One run on Ray: its job packed with the files it needs, and what it streams back, relayed.

The server's data folder stays the one place data lives: a run's checkpoints and init weights go
to the worker with its job, a dataset folder goes through Ray's object store (put once, fetched
once per node), and every file the run writes comes back, in order with its events.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ray

from torchcanvas.runs.executor import RunSink
from torchcanvas.runs.protocol import RunDone, RunEvent, RunFile
from torchcanvas.runs.ray_worker import RayJob
from torchcanvas.training.data.downloads import download_folder
from torchcanvas.training.data.storage import datasets_folder
from torchcanvas.training.job import TrainingJob
from torchcanvas.training.run_folder import INIT_WEIGHTS, RunFolder


@dataclass
class _Shipped:
    """A dataset put into Ray's object store, and the version of it that was put."""

    ref: Any
    version: float


class RunPacker:
    """Packs jobs for workers that share no disk with the server."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._shipped: dict[str, _Shipped] = {}

    def pack(self, job: TrainingJob) -> RayJob:
        """The job with the files it needs from the server's data folder."""
        folder = RunFolder(job.folder)
        files: dict[str, bytes] = {}
        if job.init_weights and folder.init_weights.is_file():
            files[INIT_WEIGHTS] = folder.init_weights.read_bytes()
        if job.resume:  # every one kept: the worker passes over a damaged newest, as here
            for _, checkpoint in folder.checkpoints():
                files[checkpoint.name] = checkpoint.read_bytes()
        datasets = {}
        name = job.training.dataset
        for where in (datasets_folder(self.data_dir) / name, download_folder(self.data_dir, name)):
            if where.is_dir():
                datasets[str(where.relative_to(self.data_dir))] = self._ship(where)
        return RayJob(job=job, files=files, datasets=datasets)

    def _ship(self, where: Path) -> Any:
        """The dataset folder's files in Ray's object store: put once, fetched once per node."""
        key, version = str(where), where.stat().st_mtime
        shipped = self._shipped.get(key)
        if shipped is None or shipped.version != version:
            files = {path.name: path.read_bytes() for path in where.iterdir() if path.is_file()}
            shipped = self._shipped[key] = _Shipped(ray.put(files), version)
        return shipped.ref

    def forget(self) -> None:
        """Drops what was shipped: the cluster that held it is gone."""
        self._shipped.clear()

    def shipped(self) -> list[str]:
        """The dataset folders put into Ray's object store, each once (for tests)."""
        return [str(Path(key).relative_to(self.data_dir)) for key in self._shipped]


def relay(run_id: str, stream: Any, sink: RunSink) -> None:
    """Passes a run's events and files to the sink, in order, until it is done.

    Raises ray's RayError the moment the actor or its node is lost: the streaming call hears of
    the actor's death from Ray, with no poll.
    """
    for ref in stream:
        message = ray.get(ref)
        if isinstance(message, RunEvent):
            sink.record(run_id, message.event)
        elif isinstance(message, RunFile):
            sink.store_file(run_id, message.name, message.data)
        elif isinstance(message, RunDone):
            return
