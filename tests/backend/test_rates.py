"""A new learning rate set as a run trains (training/rates.py), in the loop itself: where it takes
over, and that a run going on from a checkpoint before or at the change sets it again at the same
step, so it ends with the weights of the run that was never interrupted (torch as the oracle)."""

from itertools import count
from pathlib import Path
from typing import Any

import pytest
import torch

from tests.backend.test_objectives import mlp
from torchcanvas.training.checkpoint import load_checkpoint
from torchcanvas.training.control import PauseGate
from torchcanvas.training.events import EpochEvent, ProgressEvent, RateEvent, TrainingEvent
from torchcanvas.training.job import TrainingJob
from torchcanvas.training.loop import train
from torchcanvas.training.lr_change import LrChange

torch.set_num_threads(1)

MOONS = {"dataset": "moons", "loss": "CrossEntropyLoss", "lr": 0.05, "seed": 0}
MOONS |= {"epochs": 5, "batch_size": 64}  # 8 steps an epoch, 40 in all
AT = 11  # the step after which the rate is set: inside the second epoch
NEW = 0.004


def _train(
    folder: Path,
    training: dict[str, Any],
    ask_at: int | None = None,
    stop_at: int | None = None,
    changes: list[LrChange] | None = None,
    ask: float = NEW,
) -> list[TrainingEvent]:
    """Trains on the moons; with `ask_at`, the owner asks for NEW after that many steps; with
    `stop_at`, a Stop lands after that many; with `changes`, it goes on from its checkpoint."""
    events: list[TrainingEvent] = []
    steps = count()  # the loop asks for a new rate once before each step it trains
    asks = [0]

    def asked() -> float | None:
        asks[0] = next(steps)
        return ask if asks[0] == ask_at else None

    def should_stop() -> bool:  # asked before the rate, at the top of each step
        return stop_at is not None and asks[0] >= stop_at - 1

    gate = PauseGate(lambda: False, take_rate=asked)
    job = TrainingJob(
        design=mlp(2, 2),
        training=training,
        folder=folder,
        resume=changes is not None,
        lr_changes=changes or [],
    )
    train(job, events.append, should_stop, gate)
    return events


def _step_rates(events: list[TrainingEvent]) -> dict[int, float]:
    rates: dict[int, float] = {}
    for frame in (e for e in events if isinstance(e, ProgressEvent)):
        lrs = frame.lrs or [frame.lr] * len(frame.losses)
        rates.update({frame.step - len(lrs) + 1 + i: lr for i, lr in enumerate(lrs)})
    return rates


def _weights(folder: Path) -> dict[str, torch.Tensor]:
    saved = load_checkpoint(folder)
    assert saved is not None
    return saved.model


@pytest.mark.parametrize(
    "training",
    [
        {"optimizer": "SGD", "optimizer_params": {"momentum": 0.9}},
        {"optimizer": "Adam", "scheduler": "CosineAnnealingLR"},
    ],
    ids=["constant", "cosine"],
)
def test_a_rate_asked_takes_over_at_the_next_step_and_is_said(
    tmp_path: Path, training: dict[str, Any]
) -> None:
    events = _train(tmp_path, MOONS | training, ask_at=AT)
    said = [e for e in events if isinstance(e, RateEvent)]
    assert said == [RateEvent(epoch=2, step=AT, lr=NEW)]
    rates = _step_rates(events)
    assert rates[AT + 1] == pytest.approx(NEW)  # a schedule starts over from it
    if "scheduler" not in training:
        assert {rates[s] for s in range(1, AT + 1)} == {0.05}
        assert {rates[s] for s in range(AT + 1, 41)} == {NEW}
    else:
        assert rates[AT] < 0.05 and rates[40] < NEW  # the cosine fell, then falls again
    epochs = [e for e in events if isinstance(e, EpochEvent)]
    assert epochs[-1].lr == pytest.approx(rates[40])


@pytest.mark.parametrize("stop_at", [5, AT], ids=["checkpoint-before", "checkpoint-at"])
@pytest.mark.parametrize(
    "training",
    [
        {"optimizer": "SGD", "optimizer_params": {"momentum": 0.9}},
        {"optimizer": "Adam", "scheduler": "CosineAnnealingLR"},
        {"optimizer": "SGD", "scheduler": "StepLR", "scheduler_params": {"step_size": 1}},
    ],
    ids=["constant", "cosine", "step"],
)
def test_going_on_from_a_checkpoint_sets_the_rate_again_at_its_step(
    tmp_path: Path, training: dict[str, Any], stop_at: int
) -> None:
    """A worker killed after the change goes on from its last checkpoint, before the change or
    at its step: the run's record sets it again there, and it ends as if never stopped."""
    settings = MOONS | training
    whole = _train(tmp_path / "whole", settings, ask_at=AT)
    _train(tmp_path / "parts", settings, stop_at=stop_at)
    change = LrChange(epoch=2, step=AT, lr=NEW, live=True)
    went_on = _train(tmp_path / "parts", settings, changes=[change])
    for name, tensor in _weights(tmp_path / "whole").items():
        assert torch.equal(tensor, _weights(tmp_path / "parts")[name]), name
    assert not any(isinstance(e, RateEvent) for e in went_on)  # its record has it already
    rates = _step_rates(whole)
    assert _step_rates(went_on) == {s: r for s, r in rates.items() if s > stop_at}
    started = next(e for e in went_on if e.type == "started")
    assert started.lr == (NEW if stop_at == AT else None)


def test_a_rate_asked_before_a_due_one_wins_as_the_record_says(tmp_path: Path) -> None:
    """Gone on from a checkpoint before a change, a rate asked before the change's step takes
    its place: the record drops the changes after it, and the run trains at the new rate."""
    settings = MOONS | {"optimizer": "SGD", "optimizer_params": {"momentum": 0.9}}
    _train(tmp_path, settings, stop_at=5)
    change = LrChange(epoch=2, step=AT, lr=NEW, live=True)
    went_on = _train(tmp_path, settings, ask_at=8 - 5, changes=[change], ask=0.02)  # after step 8
    said = [e for e in went_on if isinstance(e, RateEvent)]
    assert said == [RateEvent(epoch=2, step=8, lr=0.02)]
    rates = _step_rates(went_on)
    assert {rates[s] for s in range(6, 9)} == {0.05}
    assert {rates[s] for s in range(9, 41)} == {0.02}
