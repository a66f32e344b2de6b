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
