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
    model, optimizer, loss_fn = session.model, session.optimizer, session.loss_fn
    data, augmenter = session.data, session.augmenter
    speed, clip, emit = session.speed, session.settings.clip_grad_norm, session.emit
    batch = session.settings.batch_size
    lrs = range_lrs(test.start_lr, test.end_lr, test.steps)
    per_epoch = session.steps_per_epoch
    emit(
        StartedEvent(
            device=str(session.device),
            epochs=math.ceil(test.steps / per_epoch),
            steps_per_epoch=per_epoch,
            total_steps=test.steps,
            layers=[name for name, _ in session.layers],
            frozen=session.settings.frozen,
            worker=session.job.worker,
        )
    )
    curve, started, clock = RangeCurve(test.start_lr), time.monotonic(), FrameClock()
    train_mode(model, session.settings.frozen)
    order = torch.empty(0, dtype=torch.long)  # drawn at each pass's first step
    drawn: list[torch.Tensor] = []  # the pass's augmentations, drawn with its order
    step_losses: list[torch.Tensor] = []
    step_lrs: list[float] = []  # each step's rate in the frame, for the rate chart
    status: RunEnd = "succeeded"
    for step, lr in enumerate(lrs, start=1):
        if session.should_stop():
            status = "cancelled"
            break
        b = (step - 1) % per_epoch
        if b == 0:  # a new pass over the data, shuffled (and augmented) as a run's epoch is
            order = torch.randperm(len(data.x), generator=session.shuffle).to(data.index_device)
            drawn = augmenter.draw(len(data.x), session.shuffle) if augmenter else []
        for group in optimizer.param_groups:
            group["lr"] = lr
        xb, yb = data.batch(order[b * batch : (b + 1) * batch])
        if augmenter:
            xb = augmenter.apply(xb, drawn, b * batch)
        loss = speed.loss_and_gradients(loss_fn, optimizer, xb, yb)[0].detach()
        step_losses.append(loss)
        step_lrs.append(lr)
        going_on = curve.add(lr, loss.item())  # one read-back a step: the test decides on it
        # The first step is a frame of its own: the run page's rate chart starts at the start
        # rate, where a quick test's frames all fell in its last, highest rates.
        if step == 1 or not going_on or step == len(lrs) or clock.due():
            stacked = torch.stack(step_losses)
            elapsed = time.monotonic() - started
            event, _ = progress_frame(
                session.layers,
                stacked.mean(),
                stacked,
                epoch=(step - 1) // per_epoch + 1,
                step=step,
                total_steps=len(lrs),
                elapsed=elapsed,
                samples_per_second=clock.tick(len(xb) * len(step_losses)),
                lr=lr,
                lrs=step_lrs,
            )
            emit(event)
            step_losses.clear()
            step_lrs.clear()
        if not going_on:
            break
        if clip is not None:
            nn.utils.clip_grad_norm_(model.parameters(), clip)
        speed.update(optimizer)
    emit(curve.event(stopped=status == "cancelled"))
    done = len(curve.lrs)
    message = ending_message(status, curve, done)
    emit(EndEvent(status=status, message=message, metrics=Metrics(step=done)))
    return status


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
