"""Paused runs that hold a worker while other runs wait for one: after a while they make way.

A paused run keeps its worker, so on a server with one worker a run paused and forgotten would
hold every other owner's runs in the queue for ever. Once runs wait, a paused run's pause ends
`when_waited` seconds after they began to wait (or after it paused, if later), and at the latest
`limit` seconds after it paused: it is then stopped. Stop writes a checkpoint at the exact step,
so Continue goes on from there and nothing is lost. Its end message says why it stopped. While
runs wait, its page says when its pause ends, and theirs which paused runs they wait for.

Resume and the watch exclude each other: a run being resumed is not stopped, and once the watch
has chosen a run, Resume is refused (409) and says to Continue once it has stopped.
"""

import math
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
        self._waited_since: float | None = None  # since when runs have waited for a worker

    def waiting(self, count: int, now: float) -> None:
        """`count` runs wait for a worker now: the short hold of paused runs counts from the
        moment runs began to wait (and starts over once none did)."""
        with self._lock:
            if count == 0:
                self._waited_since = None
            elif self._waited_since is None:
                self._waited_since = now

    def ends(self, limit: float, when_waited: float) -> dict[str, float]:
        """When each paused run's pause ends (time.monotonic), while runs wait; none while no
        run does. A run being resumed has none."""
        with self._lock:
            if self._waited_since is None:
                return {}
            return self._ends(limit, when_waited, self._waited_since)

    def _ends(self, limit: float, when_waited: float, waited: float) -> dict[str, float]:
        return {
            run_id: min(since + limit, max(since, waited) + when_waited)
            for run_id, since in self._since.items()
            if run_id not in self._resuming
        }

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

    def overdue(self, limit: float, now: float, when_waited: float = math.inf) -> list[str]:
        """The runs whose pause has ended while runs wait (paused for `limit` seconds, or
        `when_waited` since runs began to wait), now marked as making way."""
        with self._lock:
            # A caller that did not say runs wait (PausedRuns.waiting) means that they do now.
            waited = now if self._waited_since is None else self._waited_since
            ends = self._ends(limit, when_waited, waited)
            due = [run_id for run_id, end in ends.items() if now >= end]
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
    """A thread that stops paused runs whose pause has ended while runs wait for a worker
    (`waiting`: how many): `limit` seconds after it began, or `when_waited` seconds after runs
    began to wait, whichever comes first."""

    def __init__(
        self,
        paused: PausedRuns,
        waiting: Callable[[], int],
        stop_run: Callable[[str], bool],
        limit: float,
        when_waited: float = 120.0,
        every: float = 1.0,
    ) -> None:
        self.paused, self.waiting, self.stop_run = paused, waiting, stop_run
        self.limit, self.when_waited = limit, when_waited
        self._clock = Periodic("pause-watch", every, lambda: self.check(time.monotonic()))
        # Unix time of a monotonic one, fixed once: an end reads the same at every look.
        self._wall = time.time() - time.monotonic()

    def pause_ends(self) -> tuple[int, dict[str, float]]:
        """How many runs wait for a worker now, and when each paused run's pause ends (unix
        time); no ends while none waits."""
        count, now = self.waiting(), time.monotonic()
        self.paused.waiting(count, now)
        ends = self.paused.ends(self.limit, self.when_waited)
        return count, {run_id: end + self._wall for run_id, end in ends.items()}

    def check(self, now: float) -> list[str]:
        """Stops the overdue paused runs when runs wait; returns their ids."""
        count = self.waiting()
        self.paused.waiting(count, now)
        if count == 0:
            return []
        due = self.paused.overdue(self.limit, now, self.when_waited)
        for run_id in due:
            if not self.stop_run(run_id):
                self.paused.kept(run_id)
        return due

    def start(self) -> None:
        self._clock.start()

    def stop(self) -> None:
        self._clock.stop()
