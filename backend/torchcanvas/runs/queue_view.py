"""Where a queued or paused run stands: its place in the queue, the paused runs it waits for,
and when its own pause ends."""

import math
import time

from torchcanvas.runs.epoch_ends import EpochEnds
from torchcanvas.runs.executor import Executor
from torchcanvas.runs.parked import ParkedRuns
from torchcanvas.runs.pause_watch import PauseWatch
from torchcanvas.runs.queue_wait import QueueAhead, queue_wait
from torchcanvas.store.db import Database
from torchcanvas.store.owners import OwnerStore
from torchcanvas.store.runs import PausedAhead, Run, RunStore


class QueueView:
    """Adds to a run read from the store what the executor and the pause watch know of it."""

    def __init__(
        self,
        db: Database,
        executor: Executor,
        pause_watch: PauseWatch,
        parked: ParkedRuns,
        epoch_ends: EpochEnds,
    ) -> None:
        self.db, self.executor, self.pause_watch, self.parked = db, executor, pause_watch, parked
        self.epoch_ends = epoch_ends

    def with_queue_position(self, run: Run) -> Run:
        """The run, with its place in the executor's queue and the paused runs holding workers
        while it waits; while paused, how many runs wait and when its pause ends; or saying that
        no worker holds it while it is kept paused across a restart."""
        if run.id in self.parked and run.status == "paused":
            return run.model_copy(update={"worker_gone": True})
        if run.status not in ("queued", "paused"):
            return run
        waiting, ends = self.pause_watch.pause_ends()
        if run.status == "paused":
            update = {"runs_waiting": waiting, "pause_ends_at": ends.get(run.id)}
            return run.model_copy(update=update)
        order = self.executor.queue_order()
        return run.model_copy(
            update={
                "queue_position": order.index(run.id) + 1 if run.id in order else None,
                "paused_ahead": self._paused_ahead(run.id, ends),
                "queue_wait_seconds": queue_wait(self._ahead(run.id, order, ends), time.time())
                if run.id in order
                else None,
            }
        )

    def _ahead(self, run_id: str, order: list[str], ends: dict[str, float]) -> QueueAhead:
        """The runs a queued run waits for: those holding a worker (not those kept paused
        across a restart, which hold none) and the queued ones that start before it."""
        store = RunStore(self.db)
        unfinished = {
            run.id: run for run_id in store.unfinished() if (run := store.get(run_id)) is not None
        }
        waiting = set(order)
        holding = [
            run
            for run in unfinished.values()
            if run.id not in waiting and run.id not in self.parked
        ]
        queued = [
            unfinished[ahead] for ahead in order[: order.index(run_id)] if ahead in unfinished
        ]
        ended = self.epoch_ends.of([run.id for run in holding])
        return QueueAhead(holding=holding, queued=queued, pause_ends=ends, epoch_ends=ended)

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
