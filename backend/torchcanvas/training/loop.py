"""The training loop: a design, a dataset and settings in; events and weights out."""

import math
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
from torchcanvas.training.datasets import Split, dataset_info, load_split
from torchcanvas.training.events import (
    EndEvent,
    EpochEvent,
    Metrics,
    ProgressEvent,
    RunEnd,
    StartedEvent,
    TrainingEvent,
)
from torchcanvas.training.frames import FrameClock, finite, grad_norms
from torchcanvas.training.objectives import LossFunction, make_optimizer
from torchcanvas.training.settings import TrainingSettings

WEIGHTS_FILE = "weights.safetensors"
EVAL_BATCH = 1024


@dataclass
class TrainingJob:
    """Everything a worker needs to train one run."""

    design: dict[str, Any]
    training: dict[str, Any]
    artefact_dir: str
    data_dir: str | None = None  # the data folder, where uploaded datasets live


def pick_device(wanted: str) -> torch.device:
    """CUDA when asked for or, with `auto`, when there is one; else the CPU."""
    if wanted == "cuda" or (wanted == "auto" and torch.cuda.is_available()):
        return torch.device("cuda")
    return torch.device("cpu")


def evaluate(
    model: nn.Module, loss_fn: LossFunction, x: torch.Tensor, y: torch.Tensor, classify: bool
) -> tuple[float, float | None]:
    """Mean loss on (x, y), and the accuracy for classification."""
    model.eval()
    loss_sum = torch.zeros((), device=x.device)
    correct = torch.zeros((), device=x.device)
    with torch.no_grad():
        for start in range(0, len(x), EVAL_BATCH):
            xb, yb = x[start : start + EVAL_BATCH], y[start : start + EVAL_BATCH]
            out = model(xb)
            loss_sum += loss_fn(out, yb) * len(xb)
            if classify:
                correct += (out.argmax(dim=1) == yb).sum()
    loss, hits = torch.stack([loss_sum, correct]).tolist()
    return loss / len(x), (hits / len(x) if classify else None)


def save_weights(model: nn.Module, folder: str) -> None:
    """Writes the state dict (weights and buffers) as safetensors, named `<layer id>.<name>`."""
    tensors = {k: v.detach().to("cpu").contiguous() for k, v in model.state_dict().items()}
    Path(folder).mkdir(parents=True, exist_ok=True)
    save_file(tensors, str(Path(folder) / WEIGHTS_FILE))


def train(
    job: TrainingJob, emit: Callable[[TrainingEvent], None], should_stop: Callable[[], bool]
) -> RunEnd:
    """Trains the job's design, emitting events; returns how the run ended."""
    design = Design.model_validate(job.design)
    settings = TrainingSettings.model_validate(job.training)
    device = pick_device(settings.device)
    info = dataset_info(settings.dataset, job.data_dir)
    split: Split = load_split(settings.dataset, job.data_dir)
    x, y = split.x_train.to(device), split.y_train.to(device)
    x_val, y_val = split.x_val.to(device), split.y_val.to(device)
    classify = info.task == "classification"

    torch.manual_seed(settings.seed)
    model = build_network(design, device)
    loss_fn = LossFunction(settings, len(info.classes or []) if classify else None)
    optimizer = make_optimizer(settings, model.parameters())
    shuffle = torch.Generator().manual_seed(settings.seed)
    layers = [(name, list(m.parameters())) for name, m in model.named_children()]
    layers = [(name, params) for name, params in layers if params]

    n, batch = len(x), settings.batch_size
    # A last batch of one sample is dropped: BatchNorm cannot train on it, and it is reshuffled.
    steps_per_epoch = n // batch if n % batch == 1 and n > batch else math.ceil(n / batch)
    total_steps = steps_per_epoch * settings.epochs
    emit(
        StartedEvent(
            device=str(device),
            epochs=settings.epochs,
            steps_per_epoch=steps_per_epoch,
            total_steps=total_steps,
            layers=[name for name, _ in layers],
        )
    )

    metrics = Metrics()
    status: RunEnd = "succeeded"
    message: str | None = None
    started, clock, step = time.monotonic(), FrameClock(), 0
    for epoch in range(1, settings.epochs + 1):
        model.train()
        order = torch.randperm(n, generator=shuffle).to(device)
        epoch_loss = torch.zeros((), device=device)
        frame_loss, frame_steps = torch.zeros((), device=device), 0
        for b in range(steps_per_epoch):
            if should_stop():
                status, message = "cancelled", f"Stopped at step {step}."
                break
            idx = order[b * batch : (b + 1) * batch]
            loss = loss_fn(model(x[idx]), y[idx])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()  # type: ignore[no-untyped-call]
            step, frame_steps = step + 1, frame_steps + 1
            frame_loss += loss.detach()
            epoch_loss += loss.detach() * len(idx)
            if b == steps_per_epoch - 1 or clock.due():
                # One read-back per frame: the frame's mean loss and every layer's gradient norm.
                norms = grad_norms([params for _, params in layers])
                values = torch.cat([(frame_loss / frame_steps).view(1), norms]).tolist()
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
                        samples_per_second=frame_steps * batch / max(seconds, 1e-9),
                    )
                )
                if not math.isfinite(values[0]):
                    status = "failed"
                    message = (
                        f"The loss became {values[0]} at step {step}: "
                        "lower the learning rate, or add normalisation."
                    )
                    break
                frame_loss, frame_steps = torch.zeros((), device=device), 0
            optimizer.step()
        if status != "succeeded":
            break
        val_loss, val_accuracy = evaluate(model, loss_fn, x_val, y_val, classify)
        metrics = Metrics(
            epoch=epoch,
            step=step,
            train_loss=finite(epoch_loss.item() / n),
            val_loss=finite(val_loss),
            val_accuracy=val_accuracy,
        )
        emit(
            EpochEvent(
                epoch=epoch,
                step=step,
                train_loss=metrics.train_loss,
                val_loss=metrics.val_loss,
                val_accuracy=val_accuracy,
                elapsed=time.monotonic() - started,
            )
        )
    if status != "failed":
        save_weights(model, job.artefact_dir)
    metrics.step = step
    emit(EndEvent(status=status, message=message, metrics=metrics))
    return status
