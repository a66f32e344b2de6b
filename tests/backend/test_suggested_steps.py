"""The epochs and batch size a built-in set suggests are ones its template learns it with: a spiral,
which the editor's own 10 epochs of 64 (80 steps) leave near chance, is learnt with the spiral's."""

import tempfile
from typing import Any

from tests.backend.templates import EDITOR_STEPS, mlp
from torchcanvas.training.data import find_dataset
from torchcanvas.training.events import EpochEvent
from torchcanvas.training.job import TrainingJob
from torchcanvas.training.loop import train


def _accuracy(dataset: str, **steps: Any) -> float:
    """The validation accuracy the MLP template reaches on `dataset`, trained as a worker trains."""
    events: list[Any] = []
    training = {"dataset": dataset, "loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 0.001}
    with tempfile.TemporaryDirectory() as folder:
        job = TrainingJob(design=mlp([2], 2), training=training | steps, folder=folder)
        train(job, events.append, lambda: False)
    last = [e for e in events if isinstance(e, EpochEvent)][-1]
    assert last.val_accuracy is not None
    return last.val_accuracy


def test_a_spiral_is_learnt_with_its_own_steps_and_not_with_the_editor_s() -> None:
    suggested = find_dataset("spiral").suggested
    assert suggested is not None
    assert _accuracy("spiral", **suggested.model_dump()) >= 0.95
    assert _accuracy("spiral", **EDITOR_STEPS) < 0.75
