"""The executor interface: where training jobs go. The local pool is one; the Ray executor another."""

from dataclasses import dataclass
from typing import Literal, Protocol

from torchcanvas.training.events import TrainingEvent
from torchcanvas.training.job import TrainingJob


class RunSink(Protocol):
    """Where an executor delivers what its runs emit, from any thread, in each run's order."""

    def record(self, run_id: str, event: TrainingEvent) -> bool:
        """Stores an event of the run; whether it was stored (not refused, nor dropped)."""

    def store_file(self, run_id: str, name: str, data: bytes) -> None:
        """Stores a file the run wrote (only executors whose workers share no disk send these)."""


@dataclass(frozen=True)
class Workers:
    """What an executor says of its workers, for /api/health: an operator's check that it runs
    where it was meant to."""

    kind: Literal["local", "ray"]
    cluster: str | None  # the Ray cluster's address, `private` for a private instance; else None
    ready: int  # warm workers, training or free
    training: int  # of those, the ones training a run
    note: str | None = None  # what keeps runs waiting for now, where something does


class Executor(Protocol):
    """Runs training jobs one per worker, queueing the rest, and reports their events."""

    def start(self, sink: RunSink) -> None:
        """Starts the workers; what every run emits goes to `sink`."""

    def submit(self, job: TrainingJob) -> None:
        """Queues a job; it starts when a worker is free."""

    def unavailable(self) -> str | None:
        """Why it cannot train anything now (no worker can start, no cluster); None when it can."""

    def ready(self) -> bool:
        """Whether a worker is warm and could start a run at once."""

    def workers(self) -> Workers:
        """Its kind, and its workers now."""

    def queue_position(self, run_id: str) -> int | None:
        """The run's place in the queue, from 1; None when it is not waiting."""

    def queue_order(self) -> list[str]:
        """The ids of the runs waiting for a worker, in the order they would start."""

    def waiting(self) -> int:
        """How many runs wait for a worker: not those handed to one that has yet to start them
        (the database still says `queued` for those)."""

    def join_turns(self, old: str, new: str) -> None:
        """The waiting runs of turn `old` take their turns as `new`'s (runs/fair_queue.py)."""

    def put_first(self, run_id: str) -> bool:
        """The waiting run starts next, before every turn (the admin's, runs/fair_queue.py);
        False when it is not waiting."""

    def forget_dataset(self, folder: str) -> None:
        """An uploaded dataset (its folder under the data folder, `datasets/<id>`) was deleted:
        the copies an executor keeps of it elsewhere go too."""

    def cancel(self, run_id: str) -> bool:
        """Stops a queued or running job; False when the executor does not have it."""

    def pause(self, run_id: str) -> bool:
        """Holds a running job before its next step; False when no worker is training it."""

    def resume(self, run_id: str) -> bool:
        """Lets a paused job go on; False when no worker is training it."""

    def step(self, run_id: str) -> bool:
        """Trains one batch of a paused job, which stays paused; False when no worker is
        training it."""

    def set_rate(self, run_id: str, lr: float) -> bool:
        """Trains a running or paused job with the learning rate `lr` from its next step; False
        when no worker is training it."""

    def shutdown(self) -> None:
        """Stops every worker."""
