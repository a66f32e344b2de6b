"""The training loop: a design, a dataset and settings in; events and weights out."""

import math
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
import torch.nn as nn
from safetensors.torch import save_file

from torchcanvas.design.build import build_network
from torchcanvas.design.schema import Design
from torchcanvas.training.checkpoint import CheckpointWriter, Position, load_checkpoint
from torchcanvas.training.control import PauseGate
from torchcanvas.training.data import DatasetError, Split, load_split, prepare_dataset
from torchcanvas.training.data.downloads import Download, DownloadStopped
from torchcanvas.training.events import (
    DownloadingEvent,
    EndEvent,
    EpochEvent,
    Metrics,
    PausedEvent,
    ProgressEvent,
    ResumedEvent,
    RunEnd,
    StartedEvent,
    TrainingEvent,
)
from torchcanvas.training.frames import FrameClock, finite, grad_norms
from torchcanvas.training.init_weights import load_initial_weights
from torchcanvas.training.insight import Watch
from torchcanvas.training.objectives import LossFunction, make_optimizer
from torchcanvas.training.results import compute_results, save_results
from torchcanvas.training.schedules import Schedule
from torchcanvas.training.settings import TrainingSettings
from torchcanvas.training.stopping import EarlyStopping
from torchcanvas.training.validation import evaluate

WEIGHTS_FILE = "weights.safetensors"
# Seconds at least between checkpoints at epoch ends: on shorter epochs one checkpoint covers
# several, and their epoch events wait for it (see `save` in train).
CHECKPOINT_EVERY = 0.25


@dataclass
class TrainingJob:
    """Everything a worker needs to train one run."""

    design: dict[str, Any]
    training: dict[str, Any]
    artefact_dir: str
    resume: bool = False  # go on from the checkpoint in artefact_dir (see training/checkpoint.py)
    data_dir: str | None = None  # the data folder, where uploaded datasets live
    init_weights: str | None = None  # safetensors to start from instead of fresh weights


def pick_device(wanted: str) -> torch.device:
    """CUDA when asked for or, with `auto`, when there is one; else the CPU."""
    if wanted == "cuda" or (wanted == "auto" and torch.cuda.is_available()):
        return torch.device("cuda")
    return torch.device("cpu")


def save_weights(model: nn.Module, folder: str) -> None:
    """Writes the state dict (weights and buffers) as safetensors, named `<layer id>.<name>`."""
    tensors = {k: v.detach().to("cpu").contiguous() for k, v in model.state_dict().items()}
    Path(folder).mkdir(parents=True, exist_ok=True)
    # Written beside, then renamed: a download or export never reads a half-written file.
    partial = Path(folder) / (WEIGHTS_FILE + ".partial")
    save_file(tensors, str(partial))
    os.replace(partial, Path(folder) / WEIGHTS_FILE)


def train(
    job: TrainingJob,
    emit: Callable[[TrainingEvent], None],
    should_stop: Callable[[], bool],
    pause: PauseGate | None = None,
) -> RunEnd:
    """Trains the job's design, emitting events; returns how the run ended."""
    design = Design.model_validate(job.design)
    settings = TrainingSettings.model_validate(job.training)
    device = pick_device(settings.device)
    data_dir = Path(job.data_dir) if job.data_dir is not None else None

    def downloading(entry: Download) -> None:
        emit(
            DownloadingEvent(dataset=settings.dataset, title=entry.title, megabytes=entry.megabytes)
        )

    try:  # a downloadable set comes into the data folder here, once, before the run starts
        info = prepare_dataset(settings.dataset, data_dir, downloading, should_stop)
        split: Split = load_split(settings.dataset, data_dir)
    except DatasetError as exc:
        ended: RunEnd = "cancelled" if isinstance(exc, DownloadStopped) else "failed"
        emit(EndEvent(status=ended, message=str(exc), metrics=Metrics()))
        return ended
    x, y = split.x_train.to(device), split.y_train.to(device)
    x_val, y_val = split.x_val.to(device), split.y_val.to(device)
    classify = info.task == "classification"

    torch.manual_seed(settings.seed)
    model = build_network(design, device)
    if job.init_weights is not None:  # after the seeded init, so the RNG goes on as from scratch
        load_initial_weights(model, job.init_weights, device)
    loss_fn = LossFunction(settings, len(info.classes or []) if classify else None).to(device)
    optimizer = make_optimizer(settings, model.parameters())
    shuffle = torch.Generator().manual_seed(settings.seed)
    saved = load_checkpoint(job.artefact_dir) if job.resume else None
    at = saved.position if saved else Position(epoch=1, batch=0, step=0, elapsed=0.0)
    layers = [(name, list(m.parameters())) for name, m in model.named_children()]
    layers = [(name, params) for name, params in layers if params]
    watch = Watch(model, layers)

    n, batch = len(x), settings.batch_size
    # A last batch of one sample is dropped: BatchNorm cannot train on it, and it is reshuffled.
    steps_per_epoch = n // batch if n % batch == 1 and n > batch else math.ceil(n / batch)
    total_steps = steps_per_epoch * settings.epochs
    # Trained past its plan, a schedule that spans the run starts over on the new epochs.
    restart = saved is not None and at.planned_epochs != settings.epochs
    if saved:
        model.load_state_dict(saved.model)
        if restart:
            optimizer.load_state_dict(saved.optimizer)
    schedule = Schedule(settings, optimizer, total_steps - (at.step if restart else 0))
    if saved:
        if not restart:
            optimizer.load_state_dict(saved.optimizer)
        if not (restart and schedule.per_batch):
            schedule.load_state_dict(saved.scheduler)
        shuffle.set_state(saved.shuffle)
        torch.set_rng_state(saved.torch_rng)
        if saved.cuda_rng is not None and device.type == "cuda":
            torch.cuda.set_rng_state(saved.cuda_rng)
    early = EarlyStopping(settings.early_stopping_patience, **at.early_stopping)
    early.bad_epochs = 0  # a continued run gets its full patience again
    emit(
        StartedEvent(
            device=str(device),
            epochs=settings.epochs,
            steps_per_epoch=steps_per_epoch,
            total_steps=total_steps,
            layers=[name for name, _ in layers],
            first_epoch=at.epoch,
            first_step=at.step,
        )
    )

    metrics = Metrics.model_validate(at.metrics)
    status: RunEnd = "succeeded"
    message: str | None = None
    started, clock, step = time.monotonic() - at.elapsed, FrameClock(), at.step
    shuffled, step_lr = shuffle.get_state(), schedule.lr
    val_output: torch.Tensor | None = None  # the last validation outputs, while still current

    checkpoints = CheckpointWriter(job.artefact_dir, every=CHECKPOINT_EVERY)
    unsaved: list[EpochEvent] = []  # epoch events that wait for a checkpoint

    def save(epoch: int, batch: int, epoch_loss: float, done_steps: int | None = None) -> None:
        """Writes a checkpoint, then sends the epoch events that it covers."""
        # So whoever sees an epoch event can go on from the end of that epoch, even after the
        # worker is killed.
        where = Position(
            epoch, batch, step if done_steps is None else done_steps, time.monotonic() - started,
            epoch_loss, metrics.model_dump(), early.state(), settings.epochs,
        )  # fmt: skip
        checkpoints.save(where, model, optimizer, schedule.state_dict(), shuffled)
        for event in unsaved:
            emit(event)
        unsaved.clear()

    for epoch in range(at.epoch, settings.epochs + 1):
        model.train()
        shuffled = shuffle.get_state()  # a checkpoint in this epoch draws the same order again
        order = torch.randperm(n, generator=shuffle).to(device)
        resumed_here = epoch == at.epoch
        # Loss × samples over the epoch, one add a step, in float64: a frame's share is a
        # difference of two sums, and a stopped run's sum goes on exactly from the checkpoint.
        done = at.epoch_loss if resumed_here else 0.0
        epoch_loss = torch.full((), done, dtype=torch.float64, device=device)
        frame_start, frame_samples = epoch_loss.clone(), 0
        val_output = None  # the steps below change the weights
        for b in range(at.batch if resumed_here else 0, steps_per_epoch):
            if pause is not None and pause.requested() and not should_stop():
                if unsaved:  # a paused run shows every epoch it has done
                    save(epoch, b, epoch_loss.item())
                emit(PausedEvent(epoch=epoch, step=step))
                started += pause.hold(should_stop)  # paused time is not training time
                if not should_stop():
                    emit(ResumedEvent(epoch=epoch, step=step))
            if should_stop():
                status, message = "cancelled", f"Stopped at step {step}."
                save(epoch, b, epoch_loss.item())
                break
            idx = order[b * batch : (b + 1) * batch]
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()  # type: ignore[no-untyped-call]
            samples = len(idx)
            step, frame_samples = step + 1, frame_samples + samples
            epoch_loss.add_(loss.detach(), alpha=samples)
            if b == steps_per_epoch - 1 or clock.due():
                # One read-back per frame: the frame's mean loss and every layer's gradient norm.
                norms = grad_norms([params for _, params in layers])
                frame_loss = (epoch_loss - frame_start) / frame_samples
                values = torch.cat([frame_loss.view(1).to(norms.dtype), norms]).tolist()
                seconds, elapsed = clock.tick(), time.monotonic() - started
                emit(
                    ProgressEvent(
                        epoch=epoch,
                        step=step,
                        loss=finite(values[0]),
                        grad_norms={
                            name: finite(v) for (name, _), v in zip(layers, values[1:], strict=True)
                        },
                        elapsed=elapsed,
                        eta=elapsed / step * (total_steps - step),
                        samples_per_second=frame_samples / max(seconds, 1e-9),
                        lr=schedule.lr,
                    )
                )
                if not math.isfinite(values[0]):
                    status = "failed"
                    message = (
                        f"The loss became {values[0]} at step {step}: "
                        "lower the learning rate, or add normalisation."
                    )
                    # Where batch b began (its update is not made): going on from here fails
                    # again at once, and the epochs before are all shown.
                    before = (epoch_loss - loss.detach().double() * samples).item()
                    save(epoch, b, before, step - 1)
                    break
                frame_start, frame_samples = epoch_loss.clone(), 0
                watch.frame_done(epoch_end=b == steps_per_epoch - 1)
            if settings.clip_grad_norm is not None:
                nn.utils.clip_grad_norm_(model.parameters(), settings.clip_grad_norm)
            step_lr = schedule.lr
            watch.before_step()
            optimizer.step()
            schedule.after_batch()
            for seen in watch.after_step(epoch, step):
                emit(seen)
        if status != "succeeded":
            break
        epoch_lr = step_lr
        val_loss, val_accuracy, val_output = evaluate(model, loss_fn, x_val, y_val, classify)
        metrics = Metrics(
            epoch=epoch,
            step=step,
            train_loss=finite(epoch_loss.item() / min(n, steps_per_epoch * batch)),  # samples seen
            val_loss=finite(val_loss),
            val_accuracy=val_accuracy,
        )
        schedule.after_epoch(val_loss)
        message = early.update(epoch, metrics.val_loss)
        shuffled = shuffle.get_state()
        unsaved.append(
            EpochEvent(
                epoch=epoch,
                step=step,
                train_loss=metrics.train_loss,
                val_loss=metrics.val_loss,
                val_accuracy=val_accuracy,
                elapsed=time.monotonic() - started,
                lr=epoch_lr,
            )
        )
        if message or epoch == settings.epochs or checkpoints.due():
            save(epoch + 1, 0, 0.0)
        if message:
            break
    if status != "failed":
        save_weights(model, job.artefact_dir)
        results = compute_results(model, loss_fn, info, x_val, y_val, val_output)
        save_results(results, job.artefact_dir)
    metrics.step = step
    emit(EndEvent(status=status, message=message, metrics=metrics))
    return status
