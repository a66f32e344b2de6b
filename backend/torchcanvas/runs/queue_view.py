"""Where a queued or paused run stands: its place in the queue, the paused runs it waits for,
and when its own pause ends."""

import math

from torchcanvas.runs.executor import Executor
from torchcanvas.runs.parked import ParkedRuns
from torchcanvas.runs.pause_watch import PauseWatch
from torchcanvas.store.db import Database
from torchcanvas.store.owners import OwnerStore
from torchcanvas.store.runs import PausedAhead, Run


class QueueView:
    """Adds to a run read from the store what the executor and the pause watch know of it."""

    def __init__(
        self, db: Database, executor: Executor, pause_watch: PauseWatch, parked: ParkedRuns
    ) -> None:
        self.db, self.executor, self.pause_watch, self.parked = db, executor, pause_watch, parked

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
        return run.model_copy(
            update={
                "queue_position": self.executor.queue_position(run.id),
                "paused_ahead": self._paused_ahead(run.id, ends),
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
