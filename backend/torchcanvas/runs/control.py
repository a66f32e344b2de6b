"""Pause, Resume, Step, a new learning rate and Cancel of a run: what each refuses and why, and
who carries it out."""

import threading
from collections import OrderedDict

from torchcanvas.runs.continuation import check_floor
from torchcanvas.runs.errors import RunConflict, RunEnded
from torchcanvas.runs.executor import Executor
from torchcanvas.runs.parked import STOPPED_PAUSED_STEP, ParkedRuns
from torchcanvas.runs.recorder import RunRecorder
from torchcanvas.store.runs import ENDED, Run

MAX_RATE_CHANGES = 100  # new learning rates a run takes as it trains, in all
RATES_KEPT = 10_000  # runs whose count of new rates is kept (about 100 bytes each)


class RunControl:
    """The buttons of a run as it stands (RunService.get reads it first)."""

    def __init__(self, executor: Executor, recorder: RunRecorder, parked: ParkedRuns) -> None:
        self.executor, self.recorder, self.parked = executor, recorder, parked
        # New rates asked of each run, counted from its log once: each may add an event, and
        # one asked while paused replaces the last in its record, so the record cannot bound
        # them (a review: a loop of POSTs grew a paused run's log without end).
        # The runs most recently given one, RATES_KEPT at most: one left out is counted again.
        self._rates_asked: OrderedDict[str, int] = OrderedDict()
        self._rates_lock = threading.Lock()

    def forget(self, run_id: str) -> None:
        """The run was deleted: its count of new rates goes (kept, it was kept for good)."""
        with self._rates_lock:
            self._rates_asked.pop(run_id, None)

    def cancel(self, run: Run) -> None:
        """Stops the run; one that no worker holds ends where it paused."""
        if self.parked.stop(run):  # no worker held it: it ends where it paused
            return
        if run.status in ENDED:
            raise RunEnded(f"Run {run.id} has already ended ({run.status}).")
        if not self.executor.cancel(run.id):
            raise self._let_go(run, "")

    def pause(self, run: Run) -> None:
        """Holds a running run before its next step; its status turns `paused` when it has."""
        not_a_range_test(run, "paused")
        if run.status in ENDED:
            raise RunEnded(f"Run {run.id} has already ended ({run.status}): continue it instead.")
        if run.id in self.parked:
            raise RunConflict(f"Run {run.id} is already paused: press Resume to go on.")
        if run.status == "queued":
            raise RunConflict(f"Run {run.id} is still queued: pause it once it is running.")
        if not self.executor.pause(run.id):
            raise self._let_go(run, ": continue it instead")

    def resume(self, run: Run) -> None:
        """Lets a paused run go on."""
        if run.status in ENDED:
            raise RunEnded(f"Run {run.id} has already ended ({run.status}): continue it instead.")
        not_paused = RunConflict(
            f"Run {run.id} is queued, not paused: it starts when a worker is free."
        )
        if run.status == "queued":
            raise not_paused
        if run.id in self.parked:
            self.parked.wake(run)
            return
        with self.recorder.paused.resuming(run.id):  # the pause watch then leaves it
            if not self.executor.resume(run.id):
                raise self._let_go(run, ": continue it instead")
        self.recorder.steps.forget(run.id)  # it goes on: Steps not yet trained are part of it

    def step(self, run: Run) -> None:
        """Trains one batch of a paused run, which then pauses again (runs/steps.py)."""
        not_a_range_test(run, "stepped")
        if run.status in ENDED:
            raise RunEnded(
                f"Run {run.id} has already ended ({run.status}): there is no step to train. "
                "Continue it to train more."
            )
        not_paused = RunConflict(
            f"Run {run.id} is {run.status}, not paused: press Pause first, then Step trains "
            "one batch at a time."
        )
        if run.status != "paused":
            raise not_paused
        if run.id in self.parked:
            raise RunConflict(STOPPED_PAUSED_STEP)
        # As a Resume does: refused once the pause watch has chosen to stop it, and left alone
        # by the watch meanwhile; its next paused event starts its paused time again.
        with self.recorder.paused.resuming(run.id), self.recorder.steps.asking(run.id):
            if not self.executor.step(run.id):
                raise self._let_go(run, ": there is no step to train. Continue it to train more")

    def set_rate(self, run: Run, lr: float) -> None:
        """Trains a running or paused run with the rate `lr` from its next step (training/
        rates.py); the run's record keeps the change once the worker has set it."""
        not_a_range_test(run, "given a new rate")
        if run.status in ENDED:
            raise RunEnded(
                f"Run {run.id} has already ended ({run.status}): continue it with a new "
                "learning rate instead."
            )
        if run.id in self.parked:
            raise RunConflict(
                f"Run {run.id} is paused with no worker (the server stopped): press Resume, "
                "then set its learning rate."
            )
        check_floor(run.training, lr)
        with self._rates_lock:
            asked = self._rates_asked.get(run.id)
            if asked is None:
                asked = self.recorder.events.count(run.id, "rate")
            if asked >= MAX_RATE_CHANGES:
                raise RunConflict(
                    f"Run {run.id} has been given {asked} new learning rates, the most a run "
                    "takes: let it train at this one, or start a new run."
                )
            # Waiting before it is sent: the worker may set it before set_rate returns.
            self.recorder.rates.sent(run.id, lr)
            if run.status == "queued" or not self.executor.set_rate(run.id, lr):
                self.recorder.rates.forget(run.id)
                if run.status != "queued":
                    raise self._let_go(run, ": continue it with a new learning rate instead")
                raise RunConflict(
                    f"Run {run.id} is still queued: set its learning rate once it is running."
                )
            self._rates_asked[run.id] = asked + 1
            self._rates_asked.move_to_end(run.id)
            while len(self._rates_asked) > RATES_KEPT:  # an ended run's count, most likely
                self._rates_asked.popitem(last=False)

    def _let_go(self, run: Run, advice: str) -> RunEnded:
        """A run read as running or paused that no worker holds any more: it ended between the
        read and the worker's answer, and is refused in the words of its end, read again (a
        review: such a Pause said the run was "still queued")."""
        now = self.recorder.store.get(run.id)
        status = None if now is None else self.recorder.as_ended(now).status
        if status in ENDED:
            return RunEnded(f"Run {run.id} has already ended ({status}){advice}.")
        # Its worker has let it go, and its end is on its way to the record.
        return RunEnded(f"Run {run.id} has just ended{advice}.")


def not_a_range_test(run: Run, action: str) -> None:
    """A range test runs its 100 steps at once, from fresh weights: it has nothing to go on from."""
    if run.training.range_test is not None:
        raise RunConflict(
            f"Run {run.id} is a learning-rate range test: it cannot be {action}. "
            "Start a new one with Find a learning rate."
        )
