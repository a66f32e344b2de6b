"""A training session: one run's data, network and state, and a method for each step of training.

The steps, in order: load the data, build the network, restore a checkpoint (when going on),
run the epochs (each: its batches, then the validation pass and maybe a checkpoint: see
training/epoch.py), finish (training/finish.py).
"""

import time
from collections.abc import Callable

import torch

from torchcanvas.design.build import build_network
from torchcanvas.training.augment import Augmenter
from torchcanvas.training.best_weights import BestWeights
from torchcanvas.training.checkpoint import Position, load_checkpoint
from torchcanvas.training.checkpoint_writer import CheckpointWriter
from torchcanvas.training.control import PauseGate
from torchcanvas.training.data import DatasetError, DatasetInfo, load_split, prepare_dataset
from torchcanvas.training.data.downloads import Download, DownloadStopped
from torchcanvas.training.data.plane import FEATURE_LABELS
from torchcanvas.training.epoch import train_epoch
from torchcanvas.training.epoch_end import close_epoch
from torchcanvas.training.epoch_weights import EpochWeights
from torchcanvas.training.events import (
    DownloadingEvent,
    EndEvent,
    EpochEvent,
    Metrics,
    RunEnd,
    StartedEvent,
    TrainingEvent,
)
from torchcanvas.training.finish import finish_run
from torchcanvas.training.frames import FrameClock
from torchcanvas.training.freeze import freeze, trainable
from torchcanvas.training.held_out import class_gaps, hold_out
from torchcanvas.training.init_weights import load_initial_weights
from torchcanvas.training.insight_warnings import WarningEvent
from torchcanvas.training.insight_watch import Watch
from torchcanvas.training.job import TrainingJob
from torchcanvas.training.live_boundary import BoundaryMaps
from torchcanvas.training.objectives import LossFunction, make_optimizer
from torchcanvas.training.outcome import SaveMetFullDisk, StopReason
from torchcanvas.training.pass_rows import pass_rows
from torchcanvas.training.rates import RateChanges
from torchcanvas.training.run_data import RunData
from torchcanvas.training.run_folder import RunFolder, WriteHook
from torchcanvas.training.schedules import Schedule, restart_rate, spans_run
from torchcanvas.training.speed import speed_up
from torchcanvas.training.stopping import EarlyStopping
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

    epoch_loss: torch.Tensor  # the epoch under way's loss × samples, in float64 (training/epoch.py)

    def __init__(
        self,
        job: TrainingJob,
        emit: Emit,
        should_stop: Callable[[], bool],
        pause: PauseGate | None = None,
        written: WriteHook | None = None,
        logged: Callable[[], int] | None = None,
    ) -> None:
        self.job, self.emit, self.should_stop, self.pause = job, emit, should_stop, pause
        self.logged = logged  # the epochs its server has stored, where it says (runs/worker.py)
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
        # Classes the split left untrained or untested, said once, as the run first starts.
        self.class_gaps: list[WarningEvent] = []
        classes = self.info.classes if self.info.task == "classification" else None
        if self.test is not None and classes and not self.job.resume:
            self.class_gaps = class_gaps(classes, split.y_train, self.test)
        self.data = RunData(split, self.device)  # on the device, or pinned when too big for it
        self.points_val = split.points_val  # a 2-D set's points before its features, or None
        self.classify = self.info.task == "classification"
        return None

    def build(self) -> None:
        """The network, loss and optimizer, seeded as the run's code export builds them."""
        settings, device = self.settings, self.device
        torch.manual_seed(settings.seed)
        self.model = build_network(self.job.design, device)
        self.pass_rows = pass_rows(self.job.design)  # samples a pass outside training takes
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
        plane = self.info.plane
        inputs = [FEATURE_LABELS[f] for f in plane.features] if plane else None
        self.watch = Watch(
            self.model,
            self.layers,
            inputs=inputs,
            clip=settings.clip_grad_norm,
            continued=self.job.resume,
        )
        # A small MLP's weights at epoch ends, for the drawing's epoch slider; None for another.
        self.epoch_weights = EpochWeights.for_run(self.watch.drawing, settings.epochs)
        # Over the validation points: a 2-D classification's decision boundary, as it forms.
        points = self.data.x_val if self.points_val is None else self.points_val
        features = self.info.plane.features if self.info.plane else None
        class_names = self.info.classes if self.classify else None
        self.maps = BoundaryMaps.for_run(
            points, self.data.y_val, class_names, settings.epochs, device, features, self.pass_rows
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
        # The step of the newest checkpoint: the one gone on from, or none yet. A fresh run's
        # step 0 is on no disk: paused or stopped there, it writes one (a pause that reached
        # the worker before its first step, as under load, was otherwise failed by a restart).
        self.saved_step: int | None = saved.position.step if saved else None
        at, optimizer, changes = self.at, self.optimizer, self.job.lr_changes
        # A new learning rate set where it goes on from (a Continue's); those set past its
        # checkpoint are set again at their steps (training/rates.py); those before, it holds.
        here = [change.lr for change in changes if change.step == at.step]
        self.new_lr = here[-1] if here else None
        since = [change.lr for change in changes if change.step <= at.step]
        rate = since[-1] if since else self.settings.lr  # the run's rate since its last change
        asked = self.pause.take_rate if self.pause is not None else lambda: None
        self.rates = RateChanges([c for c in changes if c.step > at.step], asked)
        # With a new rate, or trained past its plan with a schedule that spans the run, the
        # schedule starts over from the rate on the epochs left (a warm restart): the optimizer's
        # state goes in first, so the new schedule is made on it and only its rate changes.
        # Otherwise the saved schedule's own state goes on.
        restart = self.new_lr is not None or (
            saved is not None
            and at.planned_epochs != self.settings.epochs
            and spans_run(self.settings)
        )
        if saved and restart:
            optimizer.load_state_dict(saved.optimizer)
        if restart:
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
        for warning in self.class_gaps:
            self.emit(warning)
        self.metrics = Metrics.model_validate(at.metrics)
        self.started, self.clock, self.step = time.monotonic() - at.elapsed, FrameClock(), at.step
        self.shuffled, self.step_lr = self.shuffle.get_state(), self.schedule.lr
        self.val_output: torch.Tensor | None = None  # the last validation outputs, while current
        self.checkpoints = CheckpointWriter(self.folder, CHECKPOINT_EVERY, self._logged())
        self.unsaved: list[EpochEvent] = []  # epoch events that wait for a checkpoint
        self.epoch_right = torch.zeros((), dtype=torch.int64)  # run_epoch's, on the device
        self.right_unknown = False  # of the epoch resumed from a checkpoint that did not count
        # Each classifier step's outputs and targets, scored a frame at a time (score).
        self.unscored: list[tuple[torch.Tensor, torch.Tensor]] = []

    def _logged(self) -> Callable[[], int] | None:
        """The epochs its server has stored, where it says: at least those it went on from (a
        Continue drops the checkpoints past its log), so that the checkpoints of its first epoch
        (a pause's, each Step's) do not all wait for the server's first word."""
        said = self.logged
        if said is None:
            return None
        begun = int(self.at.metrics.get("epoch", 0))
        return lambda: max(begun, said())

    def epochs(self) -> range:
        return range(self.at.epoch, self.settings.epochs + 1)

    def checkpoint(
        self,
        epoch: int,
        batch: int,
        epoch_loss: float,
        done_steps: int | None = None,
        at: float | None = None,
    ) -> None:
        """Writes a checkpoint, then sends the epoch events that it covers.

        So whoever sees an epoch event can go on from the end of that epoch, even after the
        worker is killed. `at`: the moment its training time runs to (a paused run's, when
        its pause began: time paused is not training), else now.
        """
        self.score()
        best = self.best.metrics
        elapsed = (time.monotonic() if at is None else at) - self.started
        where = Position(
            epoch, batch, self.step if done_steps is None else done_steps,
            elapsed, epoch_loss, self.metrics.model_dump(),
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

    def score(self) -> None:
        """Adds the right answers of the steps since the last frame to the epoch's count: a few
        operations a frame, where counting at each step cost a tiny network 1 % of its speed."""
        if not self.unscored:
            return
        outputs, targets = zip(*self.unscored, strict=True)
        predicted = self.loss_fn.predict(torch.cat(outputs))
        self.epoch_right.add_((predicted == torch.cat(targets)).sum())
        self.unscored.clear()

    def run_epoch(self, epoch: int) -> StopReason | None:
        """Trains one epoch's batches (training/epoch.py)."""
        return train_epoch(self, epoch)

    def end_epoch(self, epoch: int) -> StopReason | None:
        """The validation pass, the epoch's event, and a checkpoint when one is due."""
        return close_epoch(self, epoch)

    def back_to_checkpoint(self, why: str) -> SaveMetFullDisk | None:
        """After a write that failed (`why`): the model and numbers go back to the newest
        checkpoint, so the weights and results kept are those Continue goes on from, and the
        epochs past it, never sent, are trained again; None without a checkpoint."""
        if self.saved_step is None:
            return None
        try:
            saved = load_checkpoint(self.folder)
        except FileNotFoundError:
            return None
        self.model.load_state_dict(saved.model)
        self.step = saved.position.step
        self.metrics = Metrics.model_validate(saved.position.metrics)
        self.val_output = None  # of the weights trained past it
        self.unsaved.clear()
        return SaveMetFullDisk(self.step, why)

    def finish(self, reason: StopReason | None) -> RunEnd:
        """Saves the weights and results (unless training failed), then sends the end event."""
        return finish_run(self, reason)
