"""The executor interface: where training jobs go. A distributed engine can replace the local pool."""

from collections.abc import Callable
from typing import Any, Protocol

from torchcanvas.training.loop import TrainingJob

# Receives each event of a run, as a JSON-ready dict without seq, from any thread.
EventSink = Callable[[str, dict[str, Any]], None]


class Executor(Protocol):
    """Runs training jobs one per worker, queueing the rest, and reports their events."""

    def start(self, sink: EventSink) -> None:
        """Starts the workers; events of every run go to `sink`."""

    def submit(self, run_id: str, job: TrainingJob) -> None:
        """Queues a job; it starts when a worker is free."""

    def available(self) -> bool:
        """Whether it can still train anything (False when no worker can start)."""

    def cancel(self, run_id: str) -> bool:
        """Stops a queued or running job; False when the executor does not have it."""

    def pause(self, run_id: str) -> bool:
        """Holds a running job before its next step; False when no worker is training it."""

    def resume(self, run_id: str) -> bool:
        """Lets a paused job go on; False when no worker is training it."""

    def shutdown(self) -> None:
        """Stops every worker."""
