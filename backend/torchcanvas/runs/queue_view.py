"""Where a queued or paused run stands: its place in the queue, the paused runs it waits for,
and when its own pause ends.

The whole queue is worked out at once (`QueueStanding`): one query for the pace of every
unfinished run, one pass for every queued run's wait (runs/queue_wait.py), shared by all the
runs of a request and by the requests of the next second, unless the queue changes meanwhile.
The runs list of every open tab and each queued run's page ask every second: worked out per
run, 200 queued runs made a list of 19 of them read the database 19 x 200 times."""

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from torchcanvas.runs.epoch_ends import EpochEnds
from torchcanvas.runs.executor import Executor
from torchcanvas.runs.parked import ParkedRuns
from torchcanvas.runs.pause_watch import PauseWatch
from torchcanvas.runs.queue_wait import QueueAhead, queue_waits
from torchcanvas.store.db import Database
from torchcanvas.store.owners import OwnerStore
from torchcanvas.store.run_paces import unfinished_paces
from torchcanvas.store.runs import PausedAhead, Run

MAX_AGE = 1.0  # seconds a worked-out queue is shown for, while nothing in it changes


@dataclass(frozen=True)
class QueueStanding:
    """The queue as worked out at one moment: each queued run's place and wait."""

    key: tuple[object, ...]  # what it was worked out from: changed, it is worked out again
    taken: float  # time.monotonic() when it was
    at: float  # the unix time its waits are counted from
    places: dict[str, int]  # queued run id -> its place, from 1
    waits: dict[str, float | None]  # queued run id -> seconds it waits; None: unknown yet
    waiting: int  # runs waiting for a worker (the pause watch's count)
    pause_ends: dict[str, float]  # paused run id -> when its pause ends (unix s)

    def wait_of(self, run_id: str, now: float) -> float | None:
        """Its wait as of `now`: the runs ahead have trained on since (each one's time left
        falls a second a second)."""
        wait = self.waits.get(run_id)
        return None if wait is None else max(0.0, wait - max(0.0, now - self.at))


class QueueView:
    """Adds to a run read from the store what the executor and the pause watch know of it."""

    def __init__(
        self,
        db: Database,
        executor: Executor,
        pause_watch: PauseWatch,
        parked: ParkedRuns,
        epoch_ends: EpochEnds,
        changes: Callable[[], int] = lambda: 0,
    ) -> None:
        self.db, self.executor, self.pause_watch, self.parked = db, executor, pause_watch, parked
        self.epoch_ends = epoch_ends
        self.changes = changes  # counts the recorded events that change a run's pace or status
        self._lock = threading.Lock()  # one works the queue out; requests meanwhile wait for it
        self._standing: QueueStanding | None = None

    def with_queue_position(self, run: Run) -> Run:
        """The run, with its place in the executor's queue and the paused runs holding workers
        while it waits; while paused, how many runs wait and when its pause ends; or saying that
        no worker holds it while it is kept paused across a restart."""
        return self.with_queue_positions([run])[0]

    def with_queue_positions(self, runs: list[Run]) -> list[Run]:
        """`with_queue_position` of each run, the queue worked out once for them all."""
        if not any(run.status in ("queued", "paused") for run in runs):
            return runs
        standing, now = self.standing(), time.time()
        return [self._placed(run, standing, now) for run in runs]

    def standing(self) -> QueueStanding:
        """The queue worked out, as it was at most MAX_AGE ago and unchanged since."""
        with self._lock:
            # The key is read before the runs: a change after it is worked out again next time.
            waiting, ends = self.pause_watch.pause_ends()
            order = self.executor.queue_order()
            key = (tuple(order), tuple(sorted(ends.items())), self.changes())
            kept = self._standing
            if kept is not None and kept.key == key and time.monotonic() - kept.taken < MAX_AGE:
                return kept
            self._standing = self._worked_out(key, order, waiting, ends)
            return self._standing

    def _worked_out(
        self, key: tuple[object, ...], order: list[str], waiting: int, ends: dict[str, float]
    ) -> QueueStanding:
        """Every queued run's wait, from the runs holding workers (not those kept paused across
        a restart, which hold none) and the queued runs in the order they start."""
        taken, now = time.monotonic(), time.time()
        unfinished = {pace.id: pace for pace in unfinished_paces(self.db)}
        places = {run_id: place for place, run_id in enumerate(order, 1)}
        holding = [
            pace
            for pace in unfinished.values()
            if pace.id not in places and pace.id not in self.parked
        ]
        queued = [unfinished[run_id] for run_id in order if run_id in unfinished]
        ended = self.epoch_ends.of([pace.id for pace in holding])
        waits = queue_waits(QueueAhead(holding, queued, ends, ended), now)
        # A run the store does not hold (yet) is behind those before it, as worked out per run.
        count, by_run = 0, {}
        for run_id in order:
            by_run[run_id] = waits[count]
            count += run_id in unfinished
        return QueueStanding(key, taken, now, places, by_run, waiting, ends)

    def _placed(self, run: Run, standing: QueueStanding, now: float) -> Run:
        if run.id in self.parked and run.status == "paused":
            return run.model_copy(update={"worker_gone": True})
        if run.status == "paused":
            update = {
                "runs_waiting": standing.waiting,
                "pause_ends_at": standing.pause_ends.get(run.id),
            }
            return run.model_copy(update=update)
        if run.status != "queued":
            return run
        queued = run.id in standing.places
        return run.model_copy(
            update={
                "queue_position": standing.places.get(run.id),
                "paused_ahead": self._paused_ahead(run.id, standing.pause_ends),
                "queue_wait_seconds": standing.wait_of(run.id, now) if queued else None,
            }
        )

    def _paused_ahead(self, run_id: str, ends: dict[str, float]) -> list[PausedAhead]:
        """The paused runs holding a worker that a queued run waits for: every owner's (a
        worker any of them frees is the next queued run's), its own owner's named, soonest end
        first. Not those kept paused across a restart, which hold none."""
        own = {
            paused.id: paused.name or paused.design.name
            for paused in OwnerStore(self.db).paused_beside(run_id)
            if paused.id not in self.parked
        }
        held = set(own) | set(ends)
        ahead = [
            PausedAhead(id=held_id, name=own[held_id], ends_at=ends.get(held_id))
            if held_id in own
            else PausedAhead(id=None, name=None, ends_at=ends.get(held_id))
            for held_id in held
        ]
        return sorted(ahead, key=lambda paused: (paused.ends_at or math.inf, paused.name or ""))
