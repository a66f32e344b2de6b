"""A training session: one run's data, network and state, and a method for each step of training.

The steps, in order: load the data, build the network, restore a checkpoint (when going on),
run the epochs (each: its batches, then the validation pass and maybe a checkpoint), finish.
"""

import math
import time
from collections.abc import Callable

import torch
import torch.nn as nn

from torchcanvas.design.build import build_network
from torchcanvas.training.augment import Augmenter
from torchcanvas.training.best_weights import BestWeights, weights_said
from torchcanvas.training.checkpoint import CheckpointWriter, Position, load_checkpoint
from torchcanvas.training.control import PauseGate
from torchcanvas.training.data import DatasetError, DatasetInfo, load_split, prepare_dataset
from torchcanvas.training.data.downloads import Download, DownloadStopped
from torchcanvas.training.evaluation import evaluate
from torchcanvas.training.events import (
    DownloadingEvent,
    EndEvent,
    EpochEvent,
    Metrics,
    PausedEvent,
    ResumedEvent,
    RunEnd,
    StartedEvent,
    TrainingEvent,
)
from torchcanvas.training.frames import FrameClock, finite, progress_frame
from torchcanvas.training.freeze import freeze, train_mode, trainable
from torchcanvas.training.held_out import evaluate_test, hold_out
from torchcanvas.training.init_weights import load_initial_weights
from torchcanvas.training.insight import Watch
from torchcanvas.training.job import TrainingJob
from torchcanvas.training.live_boundary import BoundaryMaps
from torchcanvas.training.objectives import LossFunction, make_optimizer
from torchcanvas.training.outcome import Diverged, StoppedByUser, StoppedEarly, StopReason
from torchcanvas.training.results import commonest_share, compute_results, save_results
from torchcanvas.training.run_data import RunData
from torchcanvas.training.run_folder import RunFolder, WriteHook
from torchcanvas.training.schedules import Schedule, restart_rate, spans_run
from torchcanvas.training.speed import speed_up
from torchcanvas.training.stopping import EarlyStopping
from torchcanvas.training.weights import save_weights
from torchcanvas.training.work import steps_per_epoch

Emit = Callable[[TrainingEvent], None]
# Seconds at least between checkpoints at epoch ends: on shorter epochs one checkpoint covers
# several, and their epoch events wait for it (see `checkpoint`). Each costs one or two
# milliseconds, mostly the file system's (a new file, flushed to the disk, the oldest deleted):
# twice a second is under half a per cent of a run (bench/README.md).
CHECKPOINT_EVERY = 0.5


def pick_device(wanted: str) -> torch.device:
    """CUDA when asked for or, with `auto`, when there is one; else the CPU."""
    if wanted == "cuda" or (wanted == "auto" and torch.cuda.is_available()):
        return torch.device("cuda")
    return torch.device("cpu")


class TrainingSession:
    """Trains one job, emitting its events; `train` in training/loop.py drives the steps."""

    def __init__(
        self,
        job: TrainingJob,
        emit: Emit,
        should_stop: Callable[[], bool],
        pause: PauseGate | None = None,
        written: WriteHook | None = None,
    ) -> None:
        self.job, self.emit, self.should_stop, self.pause = job, emit, should_stop, pause
        self.settings = job.training
        self.device = pick_device(self.settings.device)
        self.folder = RunFolder(job.folder, written)

    def load_data(self) -> RunEnd | None:
        """Downloads (once) and loads the dataset; on failure, ends the run and says how."""
        settings = self.settings

        def downloading(entry: Download) -> None:
            title, megabytes = entry.title, entry.megabytes
            self.emit(DownloadingEvent(dataset=settings.dataset, title=title, megabytes=megabytes))

        try:
            data_dir = self.job.data_dir
            options = settings.dataset_options
            self.info: DatasetInfo = prepare_dataset(
                settings.dataset, data_dir, downloading, self.should_stop, options
            )
            split = load_split(settings.dataset, data_dir, options)
        except DatasetError as exc:
            ended: RunEnd = "cancelled" if isinstance(exc, DownloadStopped) else "failed"
            self.emit(EndEvent(status=ended, message=str(exc), metrics=Metrics()))
            return ended
        # Before anything sees the training part: the test rows never train, validate or show.
        self.test = hold_out(split, self.info.task, settings.test_fraction)
        self.data = RunData(split, self.device)  # on the device, or pinned when too big for it
        self.points_val = split.points_val  # a 2-D set's points before its features, or None
        self.classify = self.info.task == "classification"
        return None

    def build(self) -> None:
        """The network, loss and optimizer, seeded as the run's code export builds them."""
        settings, device = self.settings, self.device
        torch.manual_seed(settings.seed)
        self.model = build_network(self.job.design, device)
        if self.job.init_weights:  # after the seeded init, so the RNG goes on as from scratch
            load_initial_weights(self.model, self.folder.init_weights, device)
        frozen = settings.frozen
        freeze(self.model, frozen)
        self.speed = speed_up(self.model, self.settings)
        if settings.channels_last:
            self.data.use_channels_last()
        classes = len(self.info.classes or []) if self.classify else None
        self.loss_fn = LossFunction(settings, classes).to(device)
        self.optimizer = make_optimizer(settings, trainable(self.model))
        self.shuffle = torch.Generator().manual_seed(settings.seed)
        self.augmenter = (
            Augmenter(settings.augmentations, device) if settings.augmentations else None
        )
        named = [(name, list(m.parameters())) for name, m in self.model.named_children()]
        # Frozen layers get no gradients: their charts would show only zeros, and warn of it.
        self.layers = [(name, params) for name, params in named if params and name not in frozen]
        self.watch = Watch(self.model, self.layers)
        # Over the validation points: a 2-D classification's decision boundary, as it forms.
        points = self.data.x_val if self.points_val is None else self.points_val
        features = self.info.plane.features if self.info.plane else None
        class_names = self.info.classes if self.classify else None
        self.maps = BoundaryMaps.for_run(
            points, self.data.y_val, class_names, settings.epochs, device, features
        )
        self.steps_per_epoch = steps_per_epoch(len(self.data.x), settings.batch_size)
        self.total_steps = self.steps_per_epoch * settings.epochs

    def restore(self) -> None:
        """Loads the checkpoint when the job goes on from one; sets where training starts."""
        saved = load_checkpoint(self.folder) if self.job.resume else None
        self.note = (
            f"Went on from the checkpoint before the newest: {'; '.join(saved.skipped)}."
            if saved and saved.skipped
            else None
        )
        self.at = saved.position if saved else Position(epoch=1, batch=0, step=0, elapsed=0.0)
        at, optimizer, change = self.at, self.optimizer, self.job.lr_change
        # A Continue's new learning rate, unless the checkpoint is past it (and holds it).
        self.new_lr = change.lr if saved and change and at.step <= change.step else None
        rate = change.lr if change else self.settings.lr  # the run's rate since its last change
        # With a new rate, or trained past its plan with a schedule that spans the run, the
        # schedule starts over from the rate on the epochs left (a warm restart): the optimizer's
        # state goes in first, so the new schedule is made on it and only its rate changes.
        # Otherwise the saved schedule's own state goes on.
        restart = saved is not None and (
            self.new_lr is not None
            or (at.planned_epochs != self.settings.epochs and spans_run(self.settings))
        )
        if saved and restart:
            optimizer.load_state_dict(saved.optimizer)
            restart_rate(optimizer, rate)
        steps = self.total_steps - (at.step if restart else 0)
        self.schedule = Schedule(self.settings, optimizer, steps, rate)
        if saved:
            self.model.load_state_dict(saved.model)
            if not restart:
                optimizer.load_state_dict(saved.optimizer)
                self.schedule.load_state_dict(saved.scheduler)
            self.shuffle.set_state(saved.shuffle)
            torch.set_rng_state(saved.torch_rng)
            if saved.cuda_rng is not None and self.device.type == "cuda":
                torch.cuda.set_rng_state(saved.cuda_rng)
        self.early = EarlyStopping(self.settings.early_stopping_patience, **at.early_stopping)
        self.early.bad_epochs = 0  # a continued run gets its full patience again
        restoring = self.early.patience is not None and self.settings.restore_best_weights
        self.best = BestWeights(self.model, restoring)
        if saved and at.best_metrics:  # after the model's own weights: they may be the best's
            best = Metrics.model_validate(at.best_metrics)
            if saved.best or (at.batch == 0 and best.epoch == at.epoch - 1):
                self.best.resume(saved.best, best)

    def start(self) -> None:
        """Says the run has begun, and starts its clocks."""
        at = self.at
        self.emit(
            StartedEvent(
                device=str(self.device),
                epochs=self.settings.epochs,
                steps_per_epoch=self.steps_per_epoch,
                total_steps=self.total_steps,
                layers=[name for name, _ in self.layers],
                frozen=self.settings.frozen,
                first_epoch=at.epoch,
                first_step=at.step,
                lr=self.new_lr,
                worker=self.job.worker,
                threads=torch.get_num_threads(),
                note=self.note,
            )
        )
        self.metrics = Metrics.model_validate(at.metrics)
        self.started, self.clock, self.step = time.monotonic() - at.elapsed, FrameClock(), at.step
        self.shuffled, self.step_lr = self.shuffle.get_state(), self.schedule.lr
        self.val_output: torch.Tensor | None = None  # the last validation outputs, while current
        self.checkpoints = CheckpointWriter(self.folder, every=CHECKPOINT_EVERY)
        self.unsaved: list[EpochEvent] = []  # epoch events that wait for a checkpoint
        self.saved_step = at.step  # the step of the newest checkpoint (the one resumed from)
        self.epoch_right = torch.zeros((), dtype=torch.int64)  # run_epoch's, on the device
        self.right_unknown = False  # of the epoch resumed from a checkpoint that did not count
        # Each classifier step's outputs and targets, scored a frame at a time (_score).
        self.unscored: list[tuple[torch.Tensor, torch.Tensor]] = []

    def epochs(self) -> range:
        return range(self.at.epoch, self.settings.epochs + 1)

    def checkpoint(
        self, epoch: int, batch: int, epoch_loss: float, done_steps: int | None = None
    ) -> None:
        """Writes a checkpoint, then sends the epoch events that it covers.

        So whoever sees an epoch event can go on from the end of that epoch, even after the
        worker is killed.
        """
        self._score()
        best = self.best.metrics
        where = Position(
            epoch, batch, self.step if done_steps is None else done_steps,
            time.monotonic() - self.started, epoch_loss, self.metrics.model_dump(),
            self.early.state(), self.settings.epochs, int(self.epoch_right.item()) if batch else 0,
            best.model_dump() if best else {},
        )  # fmt: skip
        # The best epoch's weights go in apart, unless the model's are that epoch's own.
        apart = self.best.state if batch > 0 or self.best.epoch != epoch - 1 else None
        state = self.schedule.state_dict()
        self.checkpoints.save(where, self.model, self.optimizer, state, self.shuffled, apart)
        self.saved_step = where.step
        for event in self.unsaved:
            self.emit(event)
        self.unsaved.clear()

    def _score(self) -> None:
        """Adds the right answers of the steps since the last frame to the epoch's count: a few
        operations a frame, where counting at each step cost a tiny network 1 % of its speed."""
        if not self.unscored:
            return
        outputs, targets = zip(*self.unscored, strict=True)
        predicted = self.loss_fn.predict(torch.cat(outputs))
        self.epoch_right.add_((predicted == torch.cat(targets)).sum())
        self.unscored.clear()

    def _hold(self, epoch: int, batch: int, epoch_loss: torch.Tensor) -> bool:
        """Pauses between two steps until resumed, stepped or stopped; paused time is not
        training. True for a Step: one batch goes through, and the run pauses again after it
        (a new `paused` event, at the step after it)."""
        assert self.pause is not None
        # A paused run shows every epoch it has done, and keeps every step (Steps included) if
        # its worker or the server is then killed: it goes on from here, not from before them.
        if self.unsaved or self.saved_step != self.step:
            self.checkpoint(epoch, batch, epoch_loss.item())
        self.emit(PausedEvent(epoch=epoch, step=self.step))
        held = self.pause.hold(self.should_stop)
        self.started += held.seconds
        self.clock.skip(held.seconds)
        if not held.step and not self.should_stop():
            self.emit(ResumedEvent(epoch=epoch, step=self.step))
        return held.step

    def run_epoch(self, epoch: int) -> StopReason | None:
        """Trains one epoch's batches, sending a progress frame at most every FRAME_INTERVAL."""
        model, optimizer, loss_fn, data = self.model, self.optimizer, self.loss_fn, self.data
        speed, pause, should_stop, clock = self.speed, self.pause, self.should_stop, self.clock
        watch, schedule, clip = self.watch, self.schedule, self.settings.clip_grad_norm
        n, batch, steps_per_epoch = len(data.x), self.settings.batch_size, self.steps_per_epoch
        train_mode(model, self.settings.frozen)
        self.shuffled = self.shuffle.get_state()  # a checkpoint in this epoch draws it again
        order = torch.randperm(n, generator=self.shuffle).to(data.index_device)
        augmenter = self.augmenter  # its draws come next, so a resumed epoch draws them again
        drawn = augmenter.draw(n, self.shuffle) if augmenter else []
        resumed_here = epoch == self.at.epoch
        # Loss × samples over the epoch, one add a step, in float64: a frame's share is a
        # difference of two sums, and a stopped run's sum goes on exactly from the checkpoint.
        done = self.at.epoch_loss if resumed_here else 0.0
        self.epoch_loss = epoch_loss = torch.full((), done, dtype=torch.float64, device=self.device)
        # A classifier's right answers on the batches as trained, counted on the device too.
        right_before = (self.at.epoch_right if resumed_here else 0) or 0
        # Resumed inside an epoch from a checkpoint that did not count: its share is unknown.
        self.right_unknown = resumed_here and self.at.batch > 0 and self.at.epoch_right is None
        self.epoch_right = torch.full((), right_before, dtype=torch.int64, device=self.device)
        unscored = self.unscored if self.classify else None
        frame_start, frame_samples = epoch_loss.clone(), 0
        # Each step's loss stays on the device until its frame reads them all back at once.
        step_losses: list[torch.Tensor] = []
        step_lrs: list[float] = []  # and each step's rate, for the rate chart
        first = self.at.batch if resumed_here else 0
        last = steps_per_epoch - 1
        # The run's last step, if here: its look shows the trained network. An epoch whose end
        # may stop the run early is looked at too (an early-stopped run's last look was from
        # near its start).
        may_stop = (
            self.early.patience is not None and self.early.bad_epochs + 1 >= self.early.patience
        )
        final = last if epoch == self.settings.epochs or may_stop else None
        self.val_output = None  # the steps below change the weights
        for b in range(first, steps_per_epoch):
            # Held only once every step trained is in a frame, so a paused run shows them all
            # (a pause asked since the last frame trains this one step more, sent below).
            stepped = False  # a Step of a paused run: its frame is sent at once, not when due
            if pause is not None and pause.requested() and not should_stop() and not step_losses:
                stepped = self._hold(epoch, b, epoch_loss)
            if should_stop():
                self.checkpoint(epoch, b, epoch_loss.item())
                return StoppedByUser(self.step)
            if b == final:
                watch.look_now()
            xb, yb = data.batch(order[b * batch : (b + 1) * batch])
            if augmenter:
                xb = augmenter.apply(xb, drawn, b * batch)
            loss, output = speed.loss_and_gradients(loss_fn, optimizer, xb, yb)
            samples, step_loss = len(xb), loss.detach()
            if unscored is not None:
                # Host batches come in two buffers that later batches fill again: copied.
                unscored.append((output.detach(), yb if data.on_device else yb.clone()))
            self.step, frame_samples = self.step + 1, frame_samples + samples
            epoch_loss.add_(step_loss, alpha=samples)
            step_losses.append(step_loss)
            step_lrs.append(schedule.lr)  # the rate this step's update uses
            if b == last or stepped or clock.due() or (pause is not None and pause.requested()):
                mean = (epoch_loss - frame_start) / frame_samples
                frame = torch.stack(step_losses)
                frame_loss = self._frame(epoch, mean, frame, frame_samples, step_lrs)
                if not math.isfinite(frame_loss):
                    # Where batch b began (its update is not made): going on from here fails
                    # again at once, and the epochs before are all shown.
                    before = (epoch_loss - step_loss.double() * samples).item()
                    if unscored:
                        unscored.pop()  # as its update, its answers do not count
                    self.checkpoint(epoch, b, before, self.step - 1)
                    return _diverged(frame, self.step, frame_loss)
                self._score()
                frame_start, frame_samples = epoch_loss.clone(), 0
                step_losses.clear()
                step_lrs.clear()
                watch.frame_done(epoch_end=b == last)
            if clip is not None:
                nn.utils.clip_grad_norm_(model.parameters(), clip)
            if b == last:  # the epoch's event shows the rate of its last step
                self.step_lr = schedule.lr
            looking = watch.looking  # on most steps the watch has nothing to do
            if looking:
                watch.before_step(samples)
            speed.update(optimizer)
            schedule.after_batch()
            if looking:
                for seen in watch.after_step(epoch, self.step, step_loss):
                    self.emit(seen)
        return None

    def _frame(
        self,
        epoch: int,
        frame_loss: torch.Tensor,
        losses: torch.Tensor,
        samples: int,
        lrs: list[float],
    ) -> float:
        """Sends one progress frame, with its steps' losses and rates; returns its mean loss."""
        rate, elapsed, step = self.clock.tick(samples), time.monotonic() - self.started, self.step
        event, mean = progress_frame(
            self.layers,
            frame_loss,
            losses,
            epoch=epoch,
            step=step,
            total_steps=self.total_steps,
            elapsed=elapsed,
            samples_per_second=rate,
            lr=self.schedule.lr,
            lrs=lrs,
        )
        self.emit(event)
        # Its gradient norms, read back already, are checked on every frame: an explosion between
        # two looks inside is said too, right after the frame that shows it.
        for warning in self.watch.frame_seen(event.step, event.loss, event.grad_norms):
            self.emit(warning)
        return mean

    def end_epoch(self, epoch: int) -> StopReason | None:
        """The validation pass, the epoch's event, and a checkpoint when one is due."""
        n, batch = len(self.data.x), self.settings.batch_size
        val_loss, val_accuracy, self.val_output = evaluate(
            self.model, self.loss_fn, self.data.x_val, self.data.y_val, self.classify
        )
        seen = min(n, self.steps_per_epoch * batch)  # samples the epoch trained on
        train_accuracy = (
            self.epoch_right.item() / seen if self.classify and not self.right_unknown else None
        )
        self.metrics = Metrics(
            epoch=epoch,
            step=self.step,
            train_loss=finite(self.epoch_loss.item() / seen),
            val_loss=finite(val_loss),
            val_accuracy=val_accuracy,
        )
        self.schedule.after_epoch(val_loss)
        early = self.early.update(epoch, self.metrics.val_loss)
        if self.early.best_epoch == epoch:  # the lowest validation loss yet: keep its weights
            self.best.keep(self.metrics)
        if self.maps and self.maps.due(epoch, last=bool(early) or epoch == self.settings.epochs):
            self.emit(self.maps.make(self.model, self.loss_fn, epoch, self.step))
        self.shuffled = self.shuffle.get_state()
        self.unsaved.append(
            EpochEvent(
                epoch=epoch,
                step=self.step,
                train_loss=self.metrics.train_loss,
                val_loss=self.metrics.val_loss,
                val_accuracy=val_accuracy,
                train_accuracy=train_accuracy,
                elapsed=time.monotonic() - self.started,
                lr=self.step_lr,
            )
        )
        if early or epoch == self.settings.epochs or self.checkpoints.due():
            self.checkpoint(epoch + 1, 0, 0.0)
        return StoppedEarly(early) if early else None

    def finish(self, reason: StopReason | None) -> RunEnd:
        """Saves the weights and results (unless training failed), then sends the end event."""
        status: RunEnd = reason.status if reason else "succeeded"
        message = reason.message if reason else None
        if status == "succeeded" and self.early.patience is not None:
            last = self.metrics
            kept = self.best.put_back(last)  # the best epoch's weights, where it was not the last
            if kept is not None:
                self.metrics, self.val_output = kept, None  # the results are of those weights
            message = weights_said(message, kept, last, self.settings.epochs)
        if status != "failed":
            save_weights(self.model, self.folder)
            results = compute_results(
                self.model,
                self.loss_fn,
                self.info,
                self.data.x_val,
                self.data.y_val,
                self.val_output,
                self.points_val,
            )
            if self.test is not None:  # once, on the weights the run ends with
                tested = evaluate_test(self.model, self.loss_fn, self.test, self.info, self.device)
                self.metrics.test = results.test = tested
            save_results(results, self.folder)
            self.metrics.guess_accuracy = commonest_share(results)
        self.metrics.step = self.step
        diverged = isinstance(reason, Diverged)
        self.emit(EndEvent(status=status, message=message, metrics=self.metrics, diverged=diverged))
        return status


def _diverged(frame: torch.Tensor, last_step: int, mean: float) -> Diverged:
    """Where the loss first stopped being finite among a frame's step losses (ending at
    `last_step`): the frame's mean named its last step, several after the first bad one."""
    bad = (~torch.isfinite(frame)).nonzero()
    if len(bad) == 0:  # each step finite, their mean not
        return Diverged(mean, last_step)
    first = int(bad[0, 0])
    return Diverged(float(frame[first]), last_step - len(frame) + 1 + first)
