"""Pausing a run between two steps: the loop sleeps until it is resumed or stopped."""

import time
from collections.abc import Callable

POLL = 0.05  # seconds between two looks at the pause flag while paused


class PauseGate:
    """Says whether a pause was asked for, and holds the loop while it lasts.

    `wait(seconds)` sleeps; the worker passes its stop event's wait, so Stop wakes it at once.
    """

    def __init__(
        self, requested: Callable[[], bool], wait: Callable[[float], object] = time.sleep
    ) -> None:
        self.requested = requested
        self.wait = wait

    def hold(self, should_stop: Callable[[], bool]) -> float:
        """Sleeps while paused and not stopped; returns the seconds it held."""
        began = time.monotonic()
        while self.requested() and not should_stop():
            self.wait(POLL)
        return time.monotonic() - began
