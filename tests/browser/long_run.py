"""A finished run with a long history, written into a server's database as training would have
left it: for the charts' tests and bench/chart_replay.py, which open it in Chromium."""

import math
import random
import secrets
from dataclasses import dataclass
from pathlib import Path

from torchcanvas.api.access import owner_identity
from torchcanvas.design.schema import Design
from torchcanvas.runs.eventlog import EventLog
from torchcanvas.store.db import Database
from torchcanvas.store.owners import OwnerStore
from torchcanvas.store.runs import RunStore
from torchcanvas.training.events import (
    EndEvent,
    EpochEvent,
    Metrics,
    ProgressEvent,
    StartedEvent,
    TrainingEvent,
)
from torchcanvas.training.settings import TrainingSettings

DESIGN = {
    "version": 1,
    "name": "long-run",
    "input_shape": [1, 8, 8],
    "layers": [
        {"id": "flat", "type": "Flatten"},
        {"id": "fc", "type": "Linear", "params": {"out_features": 10}},
    ],
}
SPIKE = 25.0  # one step's loss, far above every other: a downsampled curve must still show it


@dataclass(frozen=True)
class LongRun:
    id: str
    events: int
    steps: int
    spike_step: int


def _events(epochs: int, frames: int, per_frame: int, spike_step: int) -> list[TrainingEvent]:
    """A falling, noisy loss: `frames` progress frames of `per_frame` steps in each epoch."""
    noise = random.Random(0)
    per_epoch = frames * per_frame
    events: list[TrainingEvent] = [
        StartedEvent(
            device="cpu",
            epochs=epochs,
            steps_per_epoch=per_epoch,
            total_steps=epochs * per_epoch,
            layers=["fc"],
        )
    ]
    step = 0
    for epoch in range(1, epochs + 1):
        for _ in range(frames):
            losses = []
            for _ in range(per_frame):
                step += 1
                losses.append(
                    SPIKE if step == spike_step else 2 / (1 + step / 2000) + noise.random() * 0.2
                )
            elapsed = step * 0.004
            events.append(
                ProgressEvent(
                    epoch=epoch,
                    step=step,
                    loss=sum(losses) / per_frame,
                    losses=losses,
                    grad_norms={"fc": math.exp(-step / 50_000)},
                    elapsed=elapsed,
                    eta=elapsed / step * (epochs * per_epoch - step),
                    samples_per_second=4000.0,
                    lr=1e-3,
                )
            )
        loss = 2 / (1 + step / 2000)
        events.append(
            EpochEvent(
                epoch=epoch,
                step=step,
                train_loss=loss,
                val_loss=loss * 1.1,
                val_accuracy=0.9,
                elapsed=step * 0.004,
            )
        )
    metrics = Metrics(
        epoch=epochs, step=step, train_loss=loss, val_loss=loss * 1.1, val_accuracy=0.9
    )
    events.append(
        EndEvent(status="succeeded", message=f"Trained {epochs} epochs.", metrics=metrics)
    )
    return events


def write_long_run(
    data: Path, owner_cookie: str, epochs: int = 1000, frames: int = 30, per_frame: int = 4
) -> LongRun:
    """A succeeded run owned by the browser whose `torchcanvas_owner` cookie value is given."""
    run_id = secrets.token_hex(8)
    spike_step = epochs * frames * per_frame // 3
    events = _events(epochs, frames, per_frame, spike_step)
    db = Database(data / "torchcanvas.db")
    training = TrainingSettings(
        dataset="digits",
        loss="CrossEntropyLoss",
        optimizer="Adam",
        lr=1e-3,
        epochs=epochs,
        batch_size=8,
    )
    RunStore(db).create(run_id, Design.model_validate(DESIGN), training)
    OwnerStore(db).record(run_id, owner_identity(owner_cookie))
    log = EventLog(db)
    with db.transaction():
        for event in events:
            log.append(run_id, event)
    RunStore(db).mark_ended(run_id, "succeeded", None)
    db.close()
    return LongRun(run_id, len(events), epochs * frames * per_frame, spike_step)
