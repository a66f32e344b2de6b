"""One epoch of a run: its batches, with their progress frames and pauses (its validation and
event come after, in epoch_end.py)."""

import math
import time
from typing import TYPE_CHECKING

import torch
import torch.nn as nn

from torchcanvas.training.events import PausedEvent, RateEvent, ResumedEvent
from torchcanvas.training.frames import progress_frame
from torchcanvas.training.freeze import train_mode
from torchcanvas.training.insight_watch import MIN_SAMPLES
from torchcanvas.training.outcome import Diverged, StoppedByUser, StopReason
from torchcanvas.training.rates import set_rate

if TYPE_CHECKING:  # the session is handed in, and imports this module
    from torchcanvas.training.session import TrainingSession


def train_epoch(session: "TrainingSession", epoch: int) -> StopReason | None:
    """Trains one epoch's batches, sending a progress frame at most every FRAME_INTERVAL."""
    return _EpochSteps(session, epoch).run()


class _EpochSteps:
    """One epoch's batches as they train: what its steps share, and a method for each part of a
    step (a Stop, the batch's forward and backward pass, its frame, the update)."""

    def __init__(self, session: "TrainingSession", epoch: int) -> None:
        self.session, self.epoch = session, epoch
        self.model, self.optimizer, self.loss_fn = session.model, session.optimizer, session.loss_fn
        self.data, self.speed, self.pause = session.data, session.speed, session.pause
        self.clock, self.watch, self.rates = session.clock, session.watch, session.rates
        self.should_stop, self.clip = session.should_stop, session.settings.clip_grad_norm
        n, self.batch = len(self.data.x), session.settings.batch_size
        self.steps = session.steps_per_epoch
        train_mode(self.model, session.settings.frozen)
        session.shuffled = session.shuffle.get_state()  # a checkpoint in this epoch draws it again
        self.order = torch.randperm(n, generator=session.shuffle).to(self.data.index_device)
        # The augmenter's draws come next, so a resumed epoch draws them again.
        self.augmenter = session.augmenter
        self.drawn = self.augmenter.draw(n, session.shuffle) if self.augmenter else []
        resumed_here = epoch == session.at.epoch
        # Loss × samples over the epoch, one add a step, in float64: a frame's share is a
        # difference of two sums, and a stopped run's sum goes on exactly from the checkpoint.
        done = session.at.epoch_loss if resumed_here else 0.0
        session.epoch_loss = self.epoch_loss = torch.full(
            (), done, dtype=torch.float64, device=session.device
        )
        # A classifier's right answers on the batches as trained, counted on the device too.
        right_before = (session.at.epoch_right if resumed_here else 0) or 0
        # Resumed inside an epoch from a checkpoint that did not count: its share is unknown.
        session.right_unknown = (
            resumed_here and session.at.batch > 0 and session.at.epoch_right is None
        )
        session.epoch_right = torch.full((), right_before, dtype=torch.int64, device=session.device)
        self.unscored = session.unscored if session.classify else None
        self.frame_start, self.frame_samples = self.epoch_loss.clone(), 0
        # Each step's loss stays on the device until its frame reads them all back at once.
        self.step_losses: list[torch.Tensor] = []
        self.step_lrs: list[float] = []  # and each step's rate, for the rate chart
        self.first = session.at.batch if resumed_here else 0
        self.last = self.steps - 1
        self._plan_last_look(n)
        session.val_output = None  # the steps below change the weights

    def _plan_last_look(self, n: int) -> None:
        """The run's last step, if here: its look shows the trained network. An epoch whose end
        may stop the run early is looked at too (an early-stopped run's last look was from
        near its start)."""
        session, batch = self.session, self.batch
        may_stop = (
            session.early.patience is not None
            and session.early.bad_epochs + 1 >= session.early.patience
        )
        self.final = self.last if self.epoch == session.settings.epochs or may_stop else None
        # Its ReLUs are watched from the step whose samples to the epoch's end make MIN_SAMPLES.
        trained = min(n, self.steps * batch)  # samples of the epoch's steps
        self.gather_at = (
            None
            if self.final is None
            else min(self.final, max(self.first, (trained - MIN_SAMPLES) // batch))
        )

    def run(self) -> StopReason | None:
        """Trains the epoch's batches from `first` on; why the run stops here, if it does."""
        session, pause, watch = self.session, self.pause, self.watch
        for b in range(self.first, self.steps):
            # Held only once every step trained is in a frame, so a paused run shows them all
            # (a pause asked since the last frame trains this one step more, sent below).
            stepped = False  # a Step of a paused run: its frame is sent at once, not when due
            if (
                pause is not None
                and pause.requested()
                and not self.should_stop()
                and not self.step_losses
            ):
                stepped = _hold(session, self.epoch, b, self.epoch_loss)
            if self.should_stop():
                return self._stopped(b)
            # After the Stop: a rate asked as the run stops never trains, so it is not set nor said
            # (a review: the Stop's last frame named it as the rate of steps trained at the old one).
            if (rate := self.rates.take(session.step)) is not None:  # a new one, asked or due here
                set_rate(session, self.epoch, *rate)
            if b == self.gather_at:
                watch.gather_for_last()
            if b == self.final or stepped:  # a Step's look shows the weights and gradients it moved
                watch.look_now()
            samples, step_loss = self._forward_backward(b)
            # A frame ends at a step looked at too, so the gradient norms a look warns of are drawn.
            paused = pause is not None and pause.requested()
            if (
                b == self.last
                or stepped
                or self.clock.due()
                or paused
                or (watch.looking and watch.looks_at(samples))
            ):
                diverged = self._end_frame(b, samples, step_loss)
                if diverged is not None:
                    return diverged
            self._update(b, samples, step_loss)
        return None

    def _stopped(self, b: int) -> StopReason:
        """A Stop before batch b: the steps since the last frame are sent, and saved."""
        session, epoch_loss = self.session, self.epoch_loss
        if self.step_losses:  # the steps since the last frame are on the chart too
            sums = epoch_loss - self.frame_start
            frame, frame_loss = _send_frame(
                session, self.epoch, sums, self.step_losses, self.frame_samples, self.step_lrs
            )
            if not math.isfinite(frame_loss):  # their updates are made: it goes on from here
                session.checkpoint(self.epoch, b, epoch_loss.item())
                return _diverged(frame, session.step, frame_loss)
        if session.unsaved or session.saved_step != session.step:  # not saved as it held
            session.checkpoint(self.epoch, b, epoch_loss.item())
        return StoppedByUser(session.step)

    def _forward_backward(self, b: int) -> tuple[int, torch.Tensor]:
        """Batch b's loss and gradients, counted into the epoch; its samples and loss (0-d)."""
        session, batch = self.session, self.batch
        xb, yb = self.data.batch(self.order[b * batch : (b + 1) * batch])
        if self.augmenter:
            xb = self.augmenter.apply(xb, self.drawn, b * batch)
        loss, output = self.speed.loss_and_gradients(self.loss_fn, self.optimizer, xb, yb)
        samples, step_loss = len(xb), loss.detach()
        if self.unscored is not None:
            # Host batches come in two buffers that later batches fill again: copied.
            self.unscored.append((output.detach(), yb if self.data.on_device else yb.clone()))
        session.step, self.frame_samples = session.step + 1, self.frame_samples + samples
        self.epoch_loss.add_(step_loss, alpha=samples)
        self.step_losses.append(step_loss)
        self.step_lrs.append(session.schedule.lr)  # the rate this step's update uses
        return samples, step_loss

    def _end_frame(self, b: int, samples: int, step_loss: torch.Tensor) -> StopReason | None:
        """Sends the frame that ends at batch b; Diverged where its loss is not finite."""
        session, epoch_loss = self.session, self.epoch_loss
        sums = epoch_loss - self.frame_start
        frame, frame_loss = _send_frame(
            session, self.epoch, sums, self.step_losses, self.frame_samples, self.step_lrs
        )
        if not math.isfinite(frame_loss):
            # Where batch b began (its update is not made): going on from here fails
            # again at once, and the epochs before are all shown.
            before = (epoch_loss - step_loss.double() * samples).item()
            if self.unscored:
                self.unscored.pop()  # as its update, its answers do not count
            session.checkpoint(self.epoch, b, before, session.step - 1)
            return _diverged(frame, session.step, frame_loss)
        session.score()
        self.frame_start, self.frame_samples = epoch_loss.clone(), 0
        self.step_losses.clear()
        self.step_lrs.clear()
        self.watch.frame_done(epoch_end=b == self.last)
        return None

    def _update(self, b: int, samples: int, step_loss: torch.Tensor) -> None:
        """Batch b's update: clipped, stepped, the schedule moved on, and looked at if due."""
        session, watch = self.session, self.watch
        if self.clip is not None:
            nn.utils.clip_grad_norm_(self.model.parameters(), self.clip)
        if b == self.last:  # the epoch's event shows the rate of its last step
            session.step_lr = session.schedule.lr
        looking = watch.looking  # on most steps the watch has nothing to do
        if looking:
            watch.before_step(samples)
        self.speed.update(self.optimizer)
        session.schedule.after_batch()
        if looking:
            for seen in watch.after_step(self.epoch, session.step, step_loss):
                session.emit(seen)


def _hold(session: "TrainingSession", epoch: int, batch: int, epoch_loss: torch.Tensor) -> bool:
    """Pauses between two steps until resumed, stepped or stopped; paused time is not
    training. True for a Step: one batch goes through, and the run pauses again after it
    (a new `paused` event, at the step after it)."""
    assert session.pause is not None
    if session.unsaved:  # a paused run shows every epoch it has done
        session.checkpoint(epoch, batch, epoch_loss.item())
    session.emit(PausedEvent(epoch=epoch, step=session.step))
    paused_at = time.monotonic()  # its training time stops here

    def between_looks() -> None:
        """While it holds, a new rate asked is said at once (its page and record show it), and
        its steps (Steps included) are saved once a checkpoint is due (as at epoch ends, at most
        5 % of the time): a worker or server killed while it is paused then loses none of them.
        Not at each Step: a big model's took 13 times the step.

        The rate itself is set as the next step trains (RateChanges.held): a Stop while paused
        trains none, so its checkpoint keeps the rate its steps trained at, and the run's end
        says the new one was never set (runs/recorder.py; a review: a page said "lr 0.001 →
        0.0005" and "it took over" where no step trained at it, and a plain Continue then
        trained at it from the checkpoint's optimizer)."""
        if (rate := session.rates.take(session.step)) is not None:
            lr, said = rate
            session.rates.held = lr
            if said:
                session.emit(RateEvent(epoch=epoch, step=session.step, lr=lr))
        if session.saved_step != session.step and session.checkpoints.due():
            session.checkpoint(epoch, batch, epoch_loss.item(), at=paused_at)

    held = session.pause.hold(session.should_stop, between_looks)
    session.started += held.seconds
    session.clock.skip(held.seconds)
    if not held.step and not session.should_stop():
        session.emit(ResumedEvent(epoch=epoch, step=session.step))
    return held.step


def _send_frame(
    session: "TrainingSession",
    epoch: int,
    loss_sum: torch.Tensor,
    step_losses: list[torch.Tensor],
    samples: int,
    lrs: list[float],
) -> tuple[torch.Tensor, float]:
    """Sends one progress frame, with its steps' losses and rates (`loss_sum`: its steps' loss
    × samples, summed); returns its steps' losses stacked (S,) and its mean loss."""
    rate = session.clock.tick(samples)
    elapsed, step = time.monotonic() - session.started, session.step
    losses = torch.stack(step_losses)
    event, mean = progress_frame(
        session.layers,
        loss_sum / samples,
        losses,
        epoch=epoch,
        step=step,
        total_steps=session.total_steps,
        elapsed=elapsed,
        samples_per_second=rate,
        lr=session.schedule.lr,
        lrs=lrs,
    )
    session.emit(event)
    # Its gradient norms, read back already, are checked on every frame: an explosion between
    # two looks inside is said too, right after the frame that shows it.
    # Gradients that are no numbers are said at the step whose loss first was none, as the
    # run's end says it (_diverged), not at the frame's last step.
    first_bad = next((i for i, loss in enumerate(event.losses) if loss is None), None)
    diverged_at = None if first_bad is None else event.step - len(event.losses) + 1 + first_bad
    said = session.watch.frame_seen(
        event.step, event.loss, event.grad_norms, diverged_at, event.losses
    )
    for warning in said:
        session.emit(warning)
    return losses, mean


def _diverged(frame: torch.Tensor, last_step: int, mean: float) -> Diverged:
    """Where the loss first stopped being finite among a frame's step losses (ending at
    `last_step`): the frame's mean named its last step, several after the first bad one."""
    bad = (~torch.isfinite(frame)).nonzero()
    if len(bad) == 0:  # each step finite, their mean not
        return Diverged(mean, last_step)
    first = int(bad[0, 0])
    return Diverged(float(frame[first]), last_step - len(frame) + 1 + first)
