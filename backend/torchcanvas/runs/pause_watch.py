"""Paused runs that hold a worker while other runs wait for one: after a while they make way.

A paused run keeps its worker, so on a server with one worker a run paused and forgotten would
hold every other owner's runs in the queue for ever. Once runs wait, a run paused longer than the
limit is stopped: Stop writes a checkpoint at the exact step, so Continue goes on from there and
nothing is lost. Its end message says why it stopped.

Resume and the watch exclude each other: a run being resumed is not stopped, and once the watch
has chosen a run, Resume is refused (409) and says to Continue once it has stopped.
"""

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from torchcanvas.runs.errors import RunConflict
from torchcanvas.runs.periodic import Periodic
from torchcanvas.training.events import EndEvent


def _duration(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 120 else f"{seconds / 60:.0f} min"


class PausedRuns:
    """When each paused run paused, and which runs were stopped to make way."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._since: dict[str, float] = {}
        self._made_way: dict[str, float] = {}  # run id: how long it had been paused
        self._resuming: set[str] = set()  # runs whose owner's Resume is on its way

    def paused(self, run_id: str, now: float) -> None:
        with self._lock:
            self._since[run_id] = now

    def going(self, run_id: str) -> None:
        """The run resumed or ended: it no longer holds its worker idle."""
        with self._lock:
            self._since.pop(run_id, None)

    @contextmanager
    def resuming(self, run_id: str) -> Iterator[None]:
        """Holds the watch off the run while its owner resumes it, and takes it off the paused
        runs once the body (which tells its worker) has returned; RunConflict when the watch
        has already chosen to stop it."""
        with self._lock:
            if (held := self._made_way.get(run_id)) is not None:
                raise RunConflict(
                    f"Run {run_id} had been paused for {_duration(held)} while other runs "
                    "waited for its worker, so it was stopped to make way for them: once it "
                    "has stopped, press Continue to go on from where it stopped."
                )
            self._resuming.add(run_id)
            since = self._since.get(run_id)
        try:
            yield
            with self._lock:  # its Resumed event may come later: it is no longer idle now
                if since is not None and self._since.get(run_id) == since:
                    del self._since[run_id]
        finally:
            with self._lock:
                self._resuming.discard(run_id)

    def kept(self, run_id: str) -> None:
        """The run could not be stopped (it had just ended): it made way for nobody."""
        with self._lock:
            self._made_way.pop(run_id, None)

    def overdue(self, limit: float, now: float) -> list[str]:
        """The runs paused for `limit` seconds or more, now marked as making way."""
        with self._lock:
            due = [
                run_id
                for run_id, since in self._since.items()
                if now - since >= limit and run_id not in self._resuming
            ]
            for run_id in due:
                self._made_way[run_id] = now - self._since.pop(run_id)
            return due

    def explain(self, run_id: str, event: EndEvent) -> EndEvent:
        """A run stopped to make way ends saying so, and how to go on."""
        with self._lock:
            held = self._made_way.pop(run_id, None)
        if held is None or event.status != "cancelled":
            return event
        message = (
            f"{event.message or 'Stopped.'} It had been paused for {_duration(held)} while "
            "other runs waited for its worker, so it made way for them: press Continue to go on "
            "from where it stopped."
        )
        return event.model_copy(update={"message": message})


class PauseWatch:
    """A thread that stops the runs paused for `limit` seconds or more while runs wait for a
    worker (`waiting`: how many)."""

    def __init__(
        self,
        paused: PausedRuns,
        waiting: Callable[[], int],
        stop_run: Callable[[str], bool],
        limit: float,
        every: float = 1.0,
    ) -> None:
        self.paused, self.waiting, self.stop_run, self.limit = paused, waiting, stop_run, limit
        self._clock = Periodic("pause-watch", every, lambda: self.check(time.monotonic()))

    def check(self, now: float) -> list[str]:
        """Stops the overdue paused runs when runs wait; returns their ids."""
        if self.waiting() == 0:
            return []
        due = self.paused.overdue(self.limit, now)
        for run_id in due:
            if not self.stop_run(run_id):
                self.paused.kept(run_id)
        return due

    def start(self) -> None:
        self._clock.start()

    def stop(self) -> None:
        self._clock.stop()
