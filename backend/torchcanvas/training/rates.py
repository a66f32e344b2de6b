"""New learning rates set as a run trains: asked by its owner (Set rate, running or paused), or
set again where a run that went on from an older checkpoint had set them.

A new rate takes over between two steps: the optimizer keeps its state and only its rate is set,
and a schedule starts over from it over the steps left, as after a Continue with a new rate
(training/session.py's restore). No checkpoint is written for it: the run's record keeps each
change (runs/recorder.py), and a run that goes on from a checkpoint before one sets it again at
the same step, as its script does (training/script_schedule.py).
"""

from collections.abc import Callable
from typing import TYPE_CHECKING

from torchcanvas.training.events import RateEvent
from torchcanvas.training.lr_change import LrChange
from torchcanvas.training.schedules import Schedule, restart_rate

if TYPE_CHECKING:  # the session is handed in, and imports this module
    from torchcanvas.training.session import TrainingSession


class RateChanges:
    """The rates still to set: `due`, the run's changes past its checkpoint (in step order), and
    `asked`, the rate its owner asks for now (None: none waits)."""

    def __init__(self, due: list[LrChange], asked: Callable[[], float | None]) -> None:
        self.due = sorted(due, key=lambda change: change.step)
        self.asked = asked
        # A rate taken while paused and said there, set as the next step trains: a Stop first
        # leaves it never set (training/epoch.py's _hold).
        self.held: float | None = None

    def take(self, step: int) -> tuple[float, bool] | None:
        """The rate to set before the step after `step`, and whether it is newly asked (and
        so is said), or None; called at every step, so cheap when there is none.

        A rate asked now wins over the changes due here and after: the run's record keeps it
        in their place (runs/recorder.py drops the changes at or after its step), so they are
        not set again (a review: a Continue that went on from before a change, then a new rate,
        trained at the old one again from its step, while its record said the new)."""
        lr = self.asked()
        if lr is not None:
            self.due.clear()
            self.held = None
            return lr, True
        if self.held is not None:
            lr, self.held = self.held, None
            return lr, False
        if self.due and self.due[0].step <= step:
            while len(self.due) > 1 and self.due[1].step <= step:  # none is ever passed by
                self.due.pop(0)
            return self.due.pop(0).lr, False
        return None


def set_rate(session: "TrainingSession", epoch: int, lr: float, said: bool) -> None:
    """Sets the run's learning rate to `lr` from its next step, a schedule started over from it
    over the steps left; a newly asked one is said (a RateEvent, which its record keeps)."""
    restart_rate(session.optimizer, lr)
    steps_left = session.total_steps - session.step
    session.schedule = Schedule(session.settings, session.optimizer, steps_left, lr)
    if said:
        session.emit(RateEvent(epoch=epoch, step=session.step, lr=lr))
