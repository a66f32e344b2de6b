"""One epoch of a run: its batches, with their progress frames and pauses, then its validation."""

import math
import time
from typing import TYPE_CHECKING

import torch
import torch.nn as nn

from torchcanvas.training.evaluation import evaluate
from torchcanvas.training.events import EpochEvent, Metrics, PausedEvent, ResumedEvent
from torchcanvas.training.frames import finite, progress_frame
from torchcanvas.training.freeze import train_mode
from torchcanvas.training.insight_watch import MIN_SAMPLES
from torchcanvas.training.outcome import Diverged, StoppedByUser, StoppedEarly, StopReason
from torchcanvas.training.rates import set_rate

if TYPE_CHECKING:  # the session is handed in, and imports this module
    from torchcanvas.training.session import TrainingSession


def train_epoch(session: "TrainingSession", epoch: int) -> StopReason | None:
    """Trains one epoch's batches, sending a progress frame at most every FRAME_INTERVAL."""
    model, optimizer, loss_fn = session.model, session.optimizer, session.loss_fn
    data, speed, pause, clock = session.data, session.speed, session.pause, session.clock
    should_stop, watch, rates = session.should_stop, session.watch, session.rates
    clip = session.settings.clip_grad_norm
    n, batch, steps_per_epoch = len(data.x), session.settings.batch_size, session.steps_per_epoch
    train_mode(model, session.settings.frozen)
    session.shuffled = session.shuffle.get_state()  # a checkpoint in this epoch draws it again
    order = torch.randperm(n, generator=session.shuffle).to(data.index_device)
    augmenter = session.augmenter  # its draws come next, so a resumed epoch draws them again
    drawn = augmenter.draw(n, session.shuffle) if augmenter else []
    resumed_here = epoch == session.at.epoch
    # Loss × samples over the epoch, one add a step, in float64: a frame's share is a
    # difference of two sums, and a stopped run's sum goes on exactly from the checkpoint.
    done = session.at.epoch_loss if resumed_here else 0.0
    session.epoch_loss = epoch_loss = torch.full(
        (), done, dtype=torch.float64, device=session.device
    )
    # A classifier's right answers on the batches as trained, counted on the device too.
    right_before = (session.at.epoch_right if resumed_here else 0) or 0
    # Resumed inside an epoch from a checkpoint that did not count: its share is unknown.
    session.right_unknown = resumed_here and session.at.batch > 0 and session.at.epoch_right is None
    session.epoch_right = torch.full((), right_before, dtype=torch.int64, device=session.device)
    unscored = session.unscored if session.classify else None
    frame_start, frame_samples = epoch_loss.clone(), 0
    # Each step's loss stays on the device until its frame reads them all back at once.
    step_losses: list[torch.Tensor] = []
    step_lrs: list[float] = []  # and each step's rate, for the rate chart
    first = session.at.batch if resumed_here else 0
    last = steps_per_epoch - 1
    # The run's last step, if here: its look shows the trained network. An epoch whose end
    # may stop the run early is looked at too (an early-stopped run's last look was from
    # near its start).
    may_stop = (
        session.early.patience is not None
        and session.early.bad_epochs + 1 >= session.early.patience
    )
    final = last if epoch == session.settings.epochs or may_stop else None
    # Its ReLUs are watched from the step whose samples to the epoch's end make MIN_SAMPLES.
    trained = min(n, steps_per_epoch * batch)  # samples of the epoch's steps
    gather_at = None if final is None else min(final, max(first, (trained - MIN_SAMPLES) // batch))
    session.val_output = None  # the steps below change the weights
    for b in range(first, steps_per_epoch):
        # Held only once every step trained is in a frame, so a paused run shows them all
        # (a pause asked since the last frame trains this one step more, sent below).
        stepped = False  # a Step of a paused run: its frame is sent at once, not when due
        if pause is not None and pause.requested() and not should_stop() and not step_losses:
            stepped = _hold(session, epoch, b, epoch_loss)
        if should_stop():
            if step_losses:  # the steps since the last frame are on the chart too
                sums = epoch_loss - frame_start
                frame, frame_loss = _send_frame(
                    session, epoch, sums, step_losses, frame_samples, step_lrs
                )
                if not math.isfinite(frame_loss):  # their updates are made: it goes on from here
                    session.checkpoint(epoch, b, epoch_loss.item())
                    return _diverged(frame, session.step, frame_loss)
            if session.unsaved or session.saved_step != session.step:  # not saved as it held
                session.checkpoint(epoch, b, epoch_loss.item())
            return StoppedByUser(session.step)
        # After the Stop: a rate asked as the run stops never trains, so it is not set nor said
        # (a review: the Stop's last frame named it as the rate of steps trained at the old one).
        if (rate := rates.take(session.step)) is not None:  # a new one, asked or due here
            set_rate(session, epoch, *rate)
        if b == gather_at:
            watch.gather_for_last()
        if b == final or stepped:  # a Step's look shows the weights and gradients it moved
            watch.look_now()
        xb, yb = data.batch(order[b * batch : (b + 1) * batch])
        if augmenter:
            xb = augmenter.apply(xb, drawn, b * batch)
        loss, output = speed.loss_and_gradients(loss_fn, optimizer, xb, yb)
        samples, step_loss = len(xb), loss.detach()
        if unscored is not None:
            # Host batches come in two buffers that later batches fill again: copied.
            unscored.append((output.detach(), yb if data.on_device else yb.clone()))
        session.step, frame_samples = session.step + 1, frame_samples + samples
        epoch_loss.add_(step_loss, alpha=samples)
        step_losses.append(step_loss)
        step_lrs.append(session.schedule.lr)  # the rate this step's update uses
        # A frame ends at a step looked at too, so the gradient norms a look warns of are drawn.
        paused = pause is not None and pause.requested()
        if (
            b == last
            or stepped
            or clock.due()
            or paused
            or (watch.looking and watch.looks_at(samples))
        ):
            sums = epoch_loss - frame_start
            frame, frame_loss = _send_frame(
                session, epoch, sums, step_losses, frame_samples, step_lrs
            )
            if not math.isfinite(frame_loss):
                # Where batch b began (its update is not made): going on from here fails
                # again at once, and the epochs before are all shown.
                before = (epoch_loss - step_loss.double() * samples).item()
                if unscored:
                    unscored.pop()  # as its update, its answers do not count
                session.checkpoint(epoch, b, before, session.step - 1)
                return _diverged(frame, session.step, frame_loss)
            session.score()
            frame_start, frame_samples = epoch_loss.clone(), 0
            step_losses.clear()
            step_lrs.clear()
            watch.frame_done(epoch_end=b == last)
        if clip is not None:
            nn.utils.clip_grad_norm_(model.parameters(), clip)
        if b == last:  # the epoch's event shows the rate of its last step
            session.step_lr = session.schedule.lr
        looking = watch.looking  # on most steps the watch has nothing to do
        if looking:
            watch.before_step(samples)
        speed.update(optimizer)
        session.schedule.after_batch()
        if looking:
            for seen in watch.after_step(epoch, session.step, step_loss):
                session.emit(seen)
    return None


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
        """While it holds, a new rate asked is set at once (its page shows it), and its steps
        (Steps included) are saved once a checkpoint is due (as at epoch ends, at most 5 % of
        the time): a worker or server killed while it is paused then loses none of them. Not at
        each Step: a big model's took 13 times the step."""
        if (rate := session.rates.take(session.step)) is not None:
            set_rate(session, epoch, *rate)
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
    for warning in session.watch.frame_seen(event.step, event.loss, event.grad_norms):
        session.emit(warning)
    return losses, mean


def close_epoch(session: "TrainingSession", epoch: int) -> StopReason | None:
    """The validation pass, the epoch's event, and a checkpoint when one is due."""
    n, batch = len(session.data.x), session.settings.batch_size
    val_loss, val_accuracy, session.val_output = evaluate(
        session.model, session.loss_fn, session.data.x_val, session.data.y_val, session.classify
    )
    seen = min(n, session.steps_per_epoch * batch)  # samples the epoch trained on
    train_accuracy = (
        session.epoch_right.item() / seen
        if session.classify and not session.right_unknown
        else None
    )
    session.metrics = Metrics(
        epoch=epoch,
        step=session.step,
        train_loss=finite(session.epoch_loss.item() / seen),
        val_loss=finite(val_loss),
        val_accuracy=val_accuracy,
    )
    session.schedule.after_epoch(val_loss)
    early = session.early.update(epoch, session.metrics.val_loss)
    if session.early.best_epoch == epoch:  # the lowest validation loss yet: keep its weights
        session.best.keep(session.metrics)
    maps = session.maps
    if maps and maps.due(epoch, last=bool(early) or epoch == session.settings.epochs):
        session.emit(maps.make(session.model, session.loss_fn, epoch, session.step))
    session.shuffled = session.shuffle.get_state()
    session.unsaved.append(
        EpochEvent(
            epoch=epoch,
            step=session.step,
            train_loss=session.metrics.train_loss,
            val_loss=session.metrics.val_loss,
            val_accuracy=val_accuracy,
            train_accuracy=train_accuracy,
            elapsed=time.monotonic() - session.started,
            lr=session.step_lr,
        )
    )
    if early or epoch == session.settings.epochs or session.checkpoints.due():
        session.checkpoint(epoch + 1, 0, 0.0)
    return StoppedEarly(early) if early else None


def _diverged(frame: torch.Tensor, last_step: int, mean: float) -> Diverged:
    """Where the loss first stopped being finite among a frame's step losses (ending at
    `last_step`): the frame's mean named its last step, several after the first bad one."""
    bad = (~torch.isfinite(frame)).nonzero()
    if len(bad) == 0:  # each step finite, their mean not
        return Diverged(mean, last_step)
    first = int(bad[0, 0])
    return Diverged(float(frame[first]), last_step - len(frame) + 1 + first)
