"""The learning-rate range test (Leslie Smith's; fastai's lr_find): the rate rises, the loss tells.

A fresh copy of the design trains for at most `steps` steps while the learning rate rises
exponentially from `start_lr` to `end_lr`, and stops early once the smoothed loss passes
DIVERGED times its minimum. The suggestion is the minimum's rate over 10 (README, "Find a
learning rate"): at the minimum the loss is about to blow up, a tenth of it still falls fast.
"""

import math
import time
from typing import TYPE_CHECKING

import torch
import torch.nn as nn

from torchcanvas.training.events import (
    EndEvent,
    LrRangeEvent,
    Metrics,
    RunEnd,
    StartedEvent,
)
from torchcanvas.training.frames import FrameClock, progress_frame
from torchcanvas.training.freeze import train_mode

if TYPE_CHECKING:  # the session is handed in; importing it here would import this module twice
    from torchcanvas.training.session import TrainingSession

# The running average's weight on the steps before. fastai's 0.98 averages over about the last 50
# steps, half of a 100-step test: its minimum trails the loss's own by a decade of rates or more.
SMOOTHING = 0.9
DIVERGED = 4.0  # the smoothed loss over this many times its minimum: the test has seen enough
SUGGESTION_FACTOR = 10.0  # the suggestion is the minimum's rate over this
# A stopped test suggests a rate only from this many steps, and once the smoothed loss has risen
# this far above its minimum: before that, its lowest point is just where it was stopped.
MIN_POINTS = 10
TURNED = 1.1


def range_lrs(start_lr: float, end_lr: float, steps: int) -> list[float]:
    """`steps` rates from start_lr to end_lr, each the same factor above the one before."""
    ratio = end_lr / start_lr
    return [start_lr * ratio ** (i / (steps - 1)) for i in range(steps)]


class RangeCurve:
    """The losses seen at each rate, smoothed as they come, and whether the test should go on."""

    def __init__(self, start_lr: float) -> None:
        self.start_lr = start_lr
        self.lrs: list[float] = []
        self.losses: list[float] = []
        self.smoothed: list[float] = []
        self.average = 0.0
        self.best = math.inf
        self.diverged = False

    def add(self, lr: float, loss: float) -> bool:
        """Records one step; False once the loss is not finite or has blown up."""
        if not math.isfinite(loss):
            self.diverged = True
            return False
        self.average = SMOOTHING * self.average + (1 - SMOOTHING) * loss
        smoothed = self.average / (1 - SMOOTHING ** (len(self.losses) + 1))  # bias-corrected
        self.lrs.append(lr)
        self.losses.append(loss)
        self.smoothed.append(smoothed)
        self.best = min(self.best, smoothed)
        self.diverged = smoothed > DIVERGED * self.best
        return not self.diverged

    def turned(self) -> bool:
        """Whether a stopped curve shows its minimum: enough steps, and the loss up again since."""
        return len(self.smoothed) >= MIN_POINTS and self.smoothed[-1] >= TURNED * self.best

    def event(self, stopped: bool = False) -> LrRangeEvent:
        lowest = min(range(len(self.smoothed)), key=self.smoothed.__getitem__, default=None)
        min_lr = self.lrs[lowest] if lowest is not None else None
        enough = not stopped or self.turned()
        suggested = max(self.start_lr, min_lr / SUGGESTION_FACTOR) if min_lr and enough else None
        return LrRangeEvent(
            lrs=self.lrs,
            losses=self.losses,
            smoothed=self.smoothed,
            min_lr=min_lr,
            suggested_lr=suggested,
            diverged=self.diverged,
        )


def run_range_test(session: "TrainingSession") -> RunEnd:
    """Trains the session's fresh network with a rising rate; sends the curve, then the end."""
    test = session.settings.range_test
    assert test is not None
    model, optimizer, speed = session.model, session.optimizer, session.speed
    lrs = range_lrs(test.start_lr, test.end_lr, test.steps)
    _announce(session, test.steps)
    curve, passes, frames = RangeCurve(test.start_lr), _Passes(session), _Frames(session, len(lrs))
    train_mode(model, session.settings.frozen)
    status: RunEnd = "succeeded"
    for step, lr in enumerate(lrs, start=1):
        if session.should_stop():
            status = "cancelled"
            break
        xb, yb = passes.batch(step)
        for group in optimizer.param_groups:
            group["lr"] = lr
        loss = speed.loss_and_gradients(session.loss_fn, optimizer, xb, yb)[0].detach()
        frames.add(loss, lr)
        going_on = curve.add(lr, loss.item())  # one read-back a step: the test decides on it
        # The first step is a frame of its own: the run page's rate chart starts at the start
        # rate, where a quick test's frames all fell in its last, highest rates.
        if step == 1 or not going_on or step == len(lrs) or frames.clock.due():
            frames.send(step, lr, len(xb))
        if not going_on:
            break
        if session.settings.clip_grad_norm is not None:
            nn.utils.clip_grad_norm_(model.parameters(), session.settings.clip_grad_norm)
        speed.update(optimizer)
    session.emit(curve.event(stopped=status == "cancelled"))
    done = len(curve.lrs)
    message = ending_message(status, curve, done)
    session.emit(EndEvent(status=status, message=message, metrics=Metrics(step=done)))
    return status


def _announce(session: "TrainingSession", steps: int) -> None:
    """The test's start, said as a run's: its steps as passes over the data."""
    per_epoch = session.steps_per_epoch
    session.emit(
        StartedEvent(
            device=str(session.device),
            epochs=math.ceil(steps / per_epoch),
            steps_per_epoch=per_epoch,
            total_steps=steps,
            layers=[name for name, _ in session.layers],
            frozen=session.settings.frozen,
            worker=session.job.worker,
        )
    )


class _Passes:
    """The test's batches: passes over the data, shuffled (and augmented) as a run's epochs are."""

    def __init__(self, session: "TrainingSession") -> None:
        self.session = session
        self.order = torch.empty(0, dtype=torch.long)  # drawn at each pass's first step
        self.drawn: list[torch.Tensor] = []  # the pass's augmentations, drawn with its order

    def batch(self, step: int) -> tuple[torch.Tensor, torch.Tensor]:
        """The step's batch (x, y), drawing a new pass's order at its first step."""
        data, augmenter = self.session.data, self.session.augmenter
        size, b = self.session.settings.batch_size, (step - 1) % self.session.steps_per_epoch
        if b == 0:
            shuffle = self.session.shuffle
            self.order = torch.randperm(len(data.x), generator=shuffle).to(data.index_device)
            self.drawn = augmenter.draw(len(data.x), shuffle) if augmenter else []
        xb, yb = data.batch(self.order[b * size : (b + 1) * size])
        if augmenter:
            xb = augmenter.apply(xb, self.drawn, b * size)
        return xb, yb


class _Frames:
    """The progress frames of the test: the losses and rates of the steps since the last one."""

    def __init__(self, session: "TrainingSession", total_steps: int) -> None:
        self.session, self.total_steps = session, total_steps
        self.started, self.clock = time.monotonic(), FrameClock()
        self.losses: list[torch.Tensor] = []
        self.lrs: list[float] = []  # each step's rate in the frame, for the rate chart

    def add(self, loss: torch.Tensor, lr: float) -> None:
        """Keeps a step's loss and rate for the next frame."""
        self.losses.append(loss)
        self.lrs.append(lr)

    def send(self, step: int, lr: float, batch: int) -> None:
        """Sends the frame of the steps kept, then starts the next."""
        stacked = torch.stack(self.losses)
        event, _ = progress_frame(
            self.session.layers,
            stacked.mean(),
            stacked,
            epoch=(step - 1) // self.session.steps_per_epoch + 1,
            step=step,
            total_steps=self.total_steps,
            elapsed=time.monotonic() - self.started,
            samples_per_second=self.clock.tick(batch * len(self.losses)),
            lr=lr,
            lrs=self.lrs,
        )
        self.session.emit(event)
        self.losses.clear()
        self.lrs.clear()


def ending_message(status: RunEnd, curve: RangeCurve, steps: int) -> str:
    if status == "cancelled" and curve.turned():
        return f"Stopped at step {steps}: the curve so far is kept, and its suggestion."
    if status == "cancelled":
        still = f" (the loss was still falling at lr {curve.lrs[-1]:.1e})" if curve.lrs else ""
        return (
            f"Stopped at step {steps}: the curve so far is kept, with too few points for a "
            f"suggestion{still}. Run the test again and let it pass the rate where the loss turns "
            "up."
        )
    if curve.diverged:
        return (
            f"The loss blew up at lr {curve.lrs[-1]:.1e} (step {steps}): the test had seen enough."
        )
    return f"Reached the last rate in {steps} steps. {_shape(curve)}"


def _shape(curve: RangeCurve) -> str:
    """How the curve went, when it never blew up: "without the loss blowing up" was said of a
    curve that doubled past its lowest, as its chart showed."""
    if not curve.smoothed:
        return "No loss was measured."
    lowest = min(range(len(curve.smoothed)), key=curve.smoothed.__getitem__)
    best, last = curve.smoothed[lowest], curve.smoothed[-1]
    at = f"lr {curve.lrs[lowest]:.1e}"
    if lowest < len(curve.smoothed) - 2 and best > 0:  # its lowest before its last steps
        return (
            f"The loss was lowest at {at} and rose after it, to {last / best:.2f} times that by "
            f"the end (short of the {DIVERGED:g} times that ends the test)."
        )
    return (
        f"The loss was still falling at the end ({at} was its lowest): raise the test's last "
        "rate to see where it turns up."
    )
