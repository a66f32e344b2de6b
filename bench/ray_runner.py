"""TorchCanvas's training through the Ray executor, for train_overhead.py's `--executor ray`.

A private local Ray instance with one warm TrainingWorker; each run is submitted as the server
submits it, and timed until its end event reaches the sink (files included).
"""

import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from torchcanvas.runs.ray_executor import RayExecutor
from torchcanvas.training.events import EndEvent, ProgressEvent, TrainingEvent
from torchcanvas.training.job import TrainingJob


class _Sink:
    """Collects a run's events and files, and says when it ended and when its first loss came."""

    def __init__(self) -> None:
        self.events: list[TrainingEvent] = []
        self.ended = threading.Event()
        self.first_loss_at: float | None = None

    def record(self, run_id: str, event: TrainingEvent) -> bool:
        self.events.append(event)
        if isinstance(event, ProgressEvent) and self.first_loss_at is None:
            self.first_loss_at = time.perf_counter()
        if isinstance(event, EndEvent):
            self.ended.set()
        return True

    def store_file(self, run_id: str, name: str, data: bytes) -> None:
        pass  # the server writes it into the data folder; not what is timed here


class RayRunner:
    """Runs jobs on a warm actor of a private Ray instance, one at a time."""

    def __init__(self, threads: int) -> None:
        self.sink = _Sink()
        self.data_dir = Path(tempfile.mkdtemp(prefix="tc-bench-"))
        self.executor = RayExecutor(None, self.data_dir, cpus_per_run=threads, local_cpus=threads)
        self.executor.start(self.sink)
        deadline = time.monotonic() + 300
        while not self.executor.ready():
            if time.monotonic() > deadline:
                raise RuntimeError(f"no Ray worker became ready: {self.executor.unavailable()}")
            time.sleep(0.1)
        self.count = 0

    def run(self, design: dict[str, Any], training: dict[str, Any]) -> tuple[float, float]:
        """Trains one job; returns the seconds to its first loss point and to its end."""
        self.count += 1
        folder = self.data_dir / "runs" / str(self.count)
        job = TrainingJob.model_validate(
            {"run_id": str(self.count), "design": design, "training": training, "folder": folder}
        )
        self.sink.ended.clear()
        self.sink.first_loss_at = None
        began = time.perf_counter()
        self.executor.submit(job)
        self.sink.ended.wait()
        ended = time.perf_counter()
        first = (self.sink.first_loss_at or ended) - began
        return first, ended - began

    def close(self) -> None:
        self.executor.shutdown()
