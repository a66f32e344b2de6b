"""Runs paused when the server stopped: kept paused, with no worker, until Resume or Stop.

A paused run's worker saves a checkpoint as the server stops, at the step the run paused
before. Such a run is not failed (a learner who paused it did not ask for an end): it stays
`paused` across the restart, its record saying where it got to, and Resume queues it to go on
from that checkpoint, as Continue would with its plan's epochs; Stop ends it there. A run whose
newest checkpoint is not where it paused (a server killed outright keeps the last periodic
one) cannot go on exactly from its pause, and is failed as before, Continue going on from that
checkpoint.
"""

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from torchcanvas.runs.errors import NoWorker, RunConflict
from torchcanvas.runs.eventlog import EventLog
from torchcanvas.runs.executor import Executor
from torchcanvas.store.runs import Run, RunStore
from torchcanvas.training.checkpoint import read_position
from torchcanvas.training.events import EndEvent, ResumedEvent
from torchcanvas.training.job import TrainingJob
from torchcanvas.training.outcome import StoppedByUser
from torchcanvas.training.run_folder import RunFolder

if TYPE_CHECKING:  # the recorder asks this module whether a run parks
    from torchcanvas.runs.recorder import RunRecorder

STOPPED_PAUSED_STEP = (
    "The server restarted since this run paused, and its worker stopped with it: press Resume "
    "to go on from where it paused, then Pause to step again."
)


def checkpoint_at_pause(events: EventLog, run_id: str, folder: RunFolder) -> bool:
    """Whether the run's last event is its pause (or a new rate set while paused, after it),
    and its newest checkpoint is at that step."""
    last = events.last(run_id, but="rate")
    if last is None or last.get("type") != "paused":
        return False
    position = read_position(folder)
    return position is not None and position.step == last.get("step")


class ParkedRuns:
    """The runs kept paused across a restart, with no worker: which they are, and what Resume
    and Stop do to them. `queueing` is the service's lock on queueing runs; `job` makes the job
    of a run that goes on from its checkpoint."""

    def __init__(
        self,
        store: RunStore,
        recorder: "RunRecorder",
        executor: Executor,
        queueing: threading.Lock,
        job: Callable[[Run], TrainingJob],
    ) -> None:
        self.store, self.recorder, self.executor = store, recorder, executor
        self.queueing, self.job = queueing, job
        self._ids: set[str] = set()

    def __contains__(self, run_id: str) -> bool:
        return run_id in self._ids

    def keeps(self, run: Run) -> bool:
        """Whether a run a previous server left paused stays paused: its newest checkpoint is
        where it paused. Called as the server starts."""
        if run.status != "paused":
            return False
        if not checkpoint_at_pause(self.recorder.events, run.id, self.recorder.folder(run.id)):
            return False
        self._ids.add(run.id)
        return True

    def wake(self, run: Run) -> None:
        """Queues the run to go on from where it paused (its Resume)."""
        with self.queueing:
            if run.id not in self._ids:
                raise RunConflict(f"Run {run.id} is already going on.")
            if (problem := self.executor.unavailable()) is not None:
                raise NoWorker(problem)  # as Continue is: queued now, it would only fail
            # Its log says it goes on, so its page leaves "paused" (and Step) while it waits;
            # written first, so that a disk that refuses it leaves the run paused, for Resume.
            last = self.recorder.events.last(run.id, but="rate")
            if last is not None and last.get("type") == "paused":
                going = ResumedEvent(epoch=last["epoch"], step=last["step"])
                self.recorder.events.append(run.id, going)
            self.store.reopen(run.id, run.training)
            try:
                self.executor.submit(self.job(run))
            except BaseException:
                self.store.hold_again(run.id)  # paused, and Resume can try again
                raise
            self._ids.discard(run.id)
        self.recorder.hub.notify(run.id)

    def stop(self, run: Run) -> bool:
        """Ends the run where it paused (its Stop); False when it is not kept here."""
        with self.queueing:
            if run.id not in self._ids:
                return False
            self._ids.discard(run.id)
            said = StoppedByUser(run.metrics.step).message  # as a worker's Stop says
            self.recorder.record(
                run.id, EndEvent(status="cancelled", metrics=run.metrics, message=said)
            )
            return True
