"""Pausing a run between two steps: the loop sleeps until it is resumed, stepped or stopped."""

import time
from collections.abc import Callable
from dataclasses import dataclass

POLL = 0.05  # seconds between two looks at the pause flag while paused


@dataclass(frozen=True)
class Held:
    """How a hold ended: the seconds it held, and whether it lets one step through (a Step,
    the run still paused after it) rather than going on (a Resume) or stopping."""

    seconds: float
    step: bool = False


class PauseGate:
    """Says whether a pause was asked for, and holds the loop while it lasts.

    `wait(seconds)` sleeps; the worker passes one that a Stop, a Resume or a Step wakes at once.
    `take_step()` takes one of the steps asked for while paused: True once for each.
    `take_rate()` takes a new learning rate asked for, running or paused (training/rates.py).
    """

    def __init__(
        self,
        requested: Callable[[], bool],
        wait: Callable[[float], object] = time.sleep,
        take_step: Callable[[], bool] = lambda: False,
        take_rate: Callable[[], float | None] = lambda: None,
    ) -> None:
        self.requested = requested
        self.wait = wait
        self.take_step = take_step
        self.take_rate = take_rate

    def hold(
        self, should_stop: Callable[[], bool], idle: Callable[[], object] = lambda: None
    ) -> Held:
        """Sleeps while paused and not stopped, or until a step is asked for; `idle` is called
        between looks (the loop saves its checkpoint there once one is due)."""
        began = time.monotonic()
        while self.requested() and not should_stop():
            if self.take_step():
                return Held(time.monotonic() - began, step=True)
            idle()
            self.wait(POLL)
        return Held(time.monotonic() - began)
