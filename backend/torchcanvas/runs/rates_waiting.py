"""New learning rates a run's worker was sent and has not set yet (POST /rate).

A rate takes over at the run's next step. One asked as the run ends (its last step trained, or
a Stop on its way) is never set: the run's end then says so (EndEvent.rate_not_set), so that
its page can say the run trained at the old rate to the end, where it would wait for a `rate`
event that never comes. Held in memory only: a server that stops forgets them, and its runs'
ends say why they stopped.

A rate set while paused is said (a `rate` event, kept in the run's record) at once, yet set
only as the next step trains: a run stopped before that step never trained at it either, and
`untrained` takes it back out of the record for its end to say so.
"""

import threading

from torchcanvas.runs.eventlog import EventLog
from torchcanvas.store.runs import Run, RunStore
from torchcanvas.training.events import EndEvent
from torchcanvas.training.lr_change import LrChange


def untrained(
    changes: list[LrChange], final_step: int, said: set[int]
) -> tuple[list[LrChange], float | None]:
    """The run's changes without those set as it trained (`live`) in its last part (`said`:
    the steps of that part's `rate` events) that no step trained with, as it ended at
    `final_step`; and the last of those, or None where every one trained. A change of an
    earlier part past where this one ended did train there, and is set again when it gets there."""
    unset = [c for c in changes if c.live and c.step >= final_step and c.step in said]
    if not unset:
        return changes, None
    return [c for c in changes if c not in unset], unset[-1].lr


def untrained_rate_end(store: RunStore, events: EventLog, run: Run, end: EndEvent) -> EndEvent:
    """A rate said while the run was paused, where it ended before the next step: no step
    trained with it, so its record drops it and its end says it was never set. Where the end
    has no numbers, only a run that was paused is known to have trained none after it (the
    run's numbers are its last epoch end's, and a rate set since may have trained there)."""
    if not any(change.live for change in run.lr_changes):
        return end  # none set as it trained: nothing to read of its log (most runs)
    final = end.metrics.step
    if not final:  # no numbers: a worker that died, or failed, or a server that did
        last = events.last(run.id, but="rate")
        if last is None or last.get("type") != "paused":
            return end  # it died as it trained: how far is not known, and its rates stand
        final = int(last["step"])  # it died paused: no step trained after its pause
    said = {int(event["step"]) for event in events.rates_of_last_part(run.id)}
    kept, unset = untrained(run.lr_changes, final, said)
    if unset is None:
        return end
    store.set_lr_changes(run.id, kept)
    return end if end.rate_not_set is not None else end.model_copy(update={"rate_not_set": unset})


class RatesWaiting:
    """The latest rate sent to each run's worker and not yet said set by a `rate` event."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiting: dict[str, float] = {}

    def sent(self, run_id: str, lr: float) -> None:
        """The worker was sent `lr`; a later one replaces it, as the worker's does."""
        with self._lock:
            self._waiting[run_id] = lr

    def set(self, run_id: str, lr: float) -> None:
        """A `rate` event: the worker set `lr`. An earlier rate set while a later one waits
        leaves the later one waiting."""
        with self._lock:
            if self._waiting.get(run_id) == lr:
                del self._waiting[run_id]

    def forget(self, run_id: str) -> float | None:
        """The run ended, started anew, or the worker refused the rate: the rate that waited,
        now never set, if one did."""
        with self._lock:
            return self._waiting.pop(run_id, None)
