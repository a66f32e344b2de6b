"""Training a finished run for more epochs starts a run-spanning schedule over, from the run's rate."""

from pathlib import Path
from typing import Any

import pytest
import torch
from safetensors.torch import load_file

from tests.backend.test_objectives import mlp
from torchcanvas.training.catalog import SCHEDULERS
from torchcanvas.training.events import EpochEvent, ProgressEvent, StartedEvent, TrainingEvent
from torchcanvas.training.job import TrainingJob
from torchcanvas.training.loop import train
from torchcanvas.training.run_folder import RunFolder

torch.set_num_threads(1)  # as in a worker; the machine's other core serves other tests

SPANNING = [spec.name for spec in SCHEDULERS if spec.spans_run]
LR = 0.05


def _train(folder: Path, scheduler: str, epochs: int, resume: bool) -> list[TrainingEvent]:
    training: dict[str, Any] = {"dataset": "moons", "loss": "CrossEntropyLoss", "lr": LR}
    training |= {"optimizer": "Adam", "epochs": epochs, "batch_size": 32, "seed": 0}
    training |= {"scheduler": scheduler}
    job = TrainingJob(design=mlp(2, 2), training=training, folder=folder, resume=resume)
    events: list[TrainingEvent] = []
    train(job, events.append, lambda: False)
    assert events[-1].type == "end" and events[-1].status == "succeeded", events[-1]
    return events


def _fresh_schedule_rates(scheduler: str, steps: int) -> list[float]:
    """The rate of each step of the schedule torch makes over `steps` steps from LR."""
    optimizer = torch.optim.Adam([torch.nn.Parameter(torch.zeros(1))], lr=LR)
    schedule: torch.optim.lr_scheduler.LRScheduler = (
        torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=steps)
        if scheduler == "CosineAnnealingLR"
        else torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=LR, total_steps=steps)
    )
    rates = []
    for _ in range(steps):
        rates.append(float(optimizer.param_groups[0]["lr"]))
        optimizer.step()
        schedule.step()
    return rates


@pytest.mark.parametrize("scheduler", SPANNING)
def test_more_epochs_restart_the_schedule_from_the_runs_rate(
    tmp_path: Path, scheduler: str
) -> None:
    _train(tmp_path, scheduler, epochs=2, resume=False)
    trained = load_file(RunFolder(tmp_path).weights)
    events = _train(tmp_path, scheduler, epochs=4, resume=True)  # "Train 2 more epochs"
    started = events[0]
    assert isinstance(started, StartedEvent) and started.first_epoch == 3
    per_epoch = started.steps_per_epoch
    restarted = _fresh_schedule_rates(scheduler, 2 * per_epoch)
    epoch_lrs = [e.lr for e in events if isinstance(e, EpochEvent)]
    assert epoch_lrs == pytest.approx([restarted[per_epoch - 1], restarted[2 * per_epoch - 1]])
    frames = [e for e in events if isinstance(e, ProgressEvent)]
    assert frames and all(
        e.lr == pytest.approx(restarted[e.step - 2 * per_epoch - 1]) for e in frames
    )
    assert max(e.lr or 0.0 for e in frames) > LR / 2  # not annealed from the ended rate
    continued = load_file(RunFolder(tmp_path).weights)
    moved = [name for name in trained if not torch.equal(trained[name], continued[name])]
    assert moved == list(trained)  # every weight trained on in the new epochs
