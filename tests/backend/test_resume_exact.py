"""A run stopped or paused mid-epoch and then continued ends with the very weights of one that never
stopped, on a design whose training draws random numbers (Dropout) and keeps buffers (BatchNorm)."""

import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
import torch
from safetensors.torch import load_file

from torchcanvas.training.checkpoint import Position, read_position
from torchcanvas.training.control import PauseGate
from torchcanvas.training.events import TrainingEvent
from torchcanvas.training.job import TrainingJob
from torchcanvas.training.loop import train
from torchcanvas.training.run_folder import RunFolder

torch.set_num_threads(1)  # as in a worker; the machine's other core serves other tests

# Dropout draws a mask from the torch RNG at every step, so a resume that does not restore the
# RNG gives other weights; BatchNorm's running statistics are buffers that must come back too.
NOISY_MLP: dict[str, Any] = {
    "version": 1,
    "name": "noisy-mlp",
    "input_shape": [1, 8, 8],
    "layers": [
        {"id": "flat", "type": "Flatten"},
        {"id": "fc1", "type": "Linear", "params": {"out_features": 32}},
        {"id": "norm", "type": "BatchNorm1d"},
        {"id": "act", "type": "ReLU"},
        {"id": "drop", "type": "Dropout", "params": {"p": 0.5}},
        {"id": "fc2", "type": "Linear", "params": {"out_features": 10}},
    ],
}
SETTINGS: dict[str, Any] = {
    "dataset": "digits",
    "loss": "CrossEntropyLoss",
    "optimizer": "Adam",
    "lr": 0.01,
    "epochs": 3,
    "batch_size": 16,
    "seed": 0,
    "device": "auto",  # on a machine with a GPU, the CUDA generator's state is checked too
}
# Augmentations draw from the shuffle generator once an epoch: a resume mid-epoch draws them again.
AUGMENTED = {"RandomHorizontalFlip": {}, "RandomCrop": {"padding": 2}, "ColorJitter": {}}
# Frozen layers stay out of the optimizer, whose saved state must still fit, and a frozen
# BatchNorm stays in inference mode after the resume too.
FROZEN = ["fc1", "norm"]
variants = pytest.mark.parametrize(
    "variant",
    [{}, {"augmentations": AUGMENTED}, {"frozen": FROZEN}],
    ids=["plain", "augmented", "frozen"],
)
STOP_EPOCH = 2  # stopped or paused inside this epoch, after a few of its batches


class Watcher:
    """An event sink that asks for a stop or a pause at the first frame inside STOP_EPOCH.

    Frames come at most every 50 ms, and always at an epoch's last batch; sleeping on the frame
    that ends the epoch before, and on each one after it, makes every next batch send one. So
    the request always lands between two batches of STOP_EPOCH, however fast the epochs are.
    """

    def __init__(self) -> None:
        self.events: list[TrainingEvent] = []
        self.steps_per_epoch = 0
        self.asked = False  # set on the frame inside STOP_EPOCH; reset once paused

    def __call__(self, event: TrainingEvent) -> None:
        self.events.append(event)
        if event.type == "started":
            self.steps_per_epoch = event.steps_per_epoch
        elif event.type == "progress" and not self.done():
            begun = event.step - (STOP_EPOCH - 1) * self.steps_per_epoch  # batches of STOP_EPOCH
            if 0 <= begun < self.steps_per_epoch:  # from the frame that ends the epoch before
                self.asked = begun > 2
                time.sleep(0.06)
        elif event.type == "paused":
            self.asked = False

    def done(self) -> bool:
        return self.asked or any(e.type == "paused" for e in self.events)

    def of(self, kind: str) -> list[TrainingEvent]:
        return [e for e in self.events if e.type == kind]


def _train(
    folder: Path, variant: dict[str, Any], resume: bool = False, stop_when_asked: bool = False
) -> Watcher:
    """Trains NOISY_MLP into `folder`; with `stop_when_asked`, stops where the watcher asks."""
    watcher = Watcher()
    training = {**SETTINGS, **variant}
    job = TrainingJob(design=NOISY_MLP, training=training, folder=folder, resume=resume)
    train(job, watcher, lambda: stop_when_asked and watcher.asked)
    return watcher


def _weights(folder: Path) -> dict[str, torch.Tensor]:
    return load_file(RunFolder(folder).weights)


def _assert_same_weights(got: Path, expected: Path) -> None:
    """Bit for bit: every weight and buffer (BatchNorm's running stats and batch count)."""
    mine, theirs = _weights(got), _weights(expected)
    assert mine.keys() == theirs.keys()
    assert "norm.running_mean" in mine and "norm.num_batches_tracked" in mine
    different = [name for name in mine if not torch.equal(mine[name], theirs[name])]
    assert different == [], f"these differ from the uninterrupted run: {different}"


def _epoch_losses(watcher: Watcher) -> list[tuple[int, float, float, float]]:
    """Each epoch's losses and training accuracy (counted over its batches, the stopped part too)."""
    epochs = watcher.of("epoch")
    assert all(0 < e.train_accuracy <= 1 for e in epochs)  # type: ignore[union-attr,operator]
    return [(e.epoch, e.train_loss, e.val_loss, e.train_accuracy) for e in epochs]  # type: ignore[union-attr]


@variants
def test_a_run_stopped_mid_epoch_continues_to_the_same_weights(
    tmp_path: Path, variant: dict[str, Any]
) -> None:
    reference = _train(tmp_path / "reference", variant)

    stopped = _train(tmp_path / "run", variant, stop_when_asked=True)
    end = stopped.of("end")[0]
    assert end.status == "cancelled"  # type: ignore[union-attr]
    at = read_position(tmp_path / "run")
    assert at is not None
    # Really inside the epoch: some of its batches done, some not, and the RNG in between.
    assert at.epoch == STOP_EPOCH and 0 < at.batch < stopped.steps_per_epoch
    assert at.step == (STOP_EPOCH - 1) * stopped.steps_per_epoch + at.batch
    assert end.message == f"Stopped at step {at.step}."  # type: ignore[union-attr]
    # Its right answers so far are kept; a checkpoint from before they were counted has none.
    assert at.epoch_right is not None and 0 < at.epoch_right <= at.batch * SETTINGS["batch_size"]
    assert Position(**{**asdict(at), "epoch_right": None}).epoch_right is None
    assert (
        "epoch_right" in asdict(at)
        and Position(epoch=1, batch=0, step=0, elapsed=0).epoch_right is None
    )

    continued = _train(tmp_path / "run", variant, resume=True)
    started = continued.of("started")[0]
    assert (started.first_epoch, started.first_step) == (STOP_EPOCH, at.step)  # type: ignore[union-attr]
    assert continued.of("end")[0].status == "succeeded"  # type: ignore[union-attr]
    _assert_same_weights(tmp_path / "run", tmp_path / "reference")
    assert _epoch_losses(stopped) + _epoch_losses(continued) == _epoch_losses(reference)
    if "frozen" in variant:  # in inference mode, a frozen BatchNorm never counted a batch
        weights = _weights(tmp_path / "run")
        assert weights["norm.num_batches_tracked"].item() == 0
        assert torch.equal(weights["norm.running_mean"], torch.zeros(32))


@variants
def test_a_run_paused_mid_epoch_resumes_to_the_same_weights(
    tmp_path: Path, variant: dict[str, Any]
) -> None:
    reference = _train(tmp_path / "reference", variant)

    paused = Watcher()
    # The gate reads the watcher's request; the watcher lifts it once the loop has paused.
    training = {**SETTINGS, **variant}
    job = TrainingJob(design=NOISY_MLP, training=training, folder=tmp_path / "run")
    train(job, paused, lambda: False, PauseGate(lambda: paused.asked))

    (held,) = paused.of("paused")
    (resumed,) = paused.of("resumed")
    spe = paused.steps_per_epoch
    assert held.epoch == STOP_EPOCH and held.step % spe != 0  # type: ignore[union-attr]
    assert (resumed.epoch, resumed.step) == (held.epoch, held.step)  # type: ignore[union-attr]
    assert paused.of("end")[0].status == "succeeded"  # type: ignore[union-attr]
    _assert_same_weights(tmp_path / "run", tmp_path / "reference")
    assert _epoch_losses(paused) == _epoch_losses(reference)
