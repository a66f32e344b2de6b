"""The epochs and batch size a built-in set suggests are ones its template learns it with: a spiral,
which the editor's own 10 epochs of 64 (80 steps) leave near chance, is learnt with the spiral's.
An uploaded set suggests as many steps for its size."""

import math
import tempfile
from pathlib import Path
from typing import Any

import pytest

from tests.backend.templates import EDITOR_STEPS, mlp
from torchcanvas.training.data import find_dataset
from torchcanvas.training.data.builtin import builtin_split
from torchcanvas.training.data.info import ENOUGH_STEPS, upload_steps
from torchcanvas.training.data.limits import UploadLimits
from torchcanvas.training.data.storage import new_upload_id, temp_folder
from torchcanvas.training.data.upload_options import UploadOptions
from torchcanvas.training.data.uploads import build_upload
from torchcanvas.training.events import EpochEvent
from torchcanvas.training.job import TrainingJob
from torchcanvas.training.loop import train


def _accuracy(dataset: str, data_dir: Path | None = None, **steps: Any) -> float:
    """The validation accuracy the MLP template reaches on `dataset`, trained as a worker trains."""
    events: list[Any] = []
    training = {"dataset": dataset, "loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 0.001}
    with tempfile.TemporaryDirectory() as folder:
        job = TrainingJob(
            design=mlp([2], 2), training=training | steps, folder=folder, data_dir=data_dir
        )
        train(job, events.append, lambda: False)
    last = [e for e in events if isinstance(e, EpochEvent)][-1]
    assert last.val_accuracy is not None
    return last.val_accuracy


def test_a_spiral_is_learnt_with_its_own_steps_and_not_with_the_editor_s() -> None:
    suggested = find_dataset("spiral").suggested
    assert suggested is not None
    assert _accuracy("spiral", **suggested.model_dump()) >= 0.95
    assert _accuracy("spiral", **EDITOR_STEPS) < 0.75


@pytest.mark.parametrize("samples", [1, 20, 32, 33, 142, 180, 639, 640, 2000, 3136, 3137, 60000])
def test_an_upload_s_suggestion_makes_enough_steps_in_batches_it_fills(samples: int) -> None:
    suggested = upload_steps(samples)
    epochs, batch = (suggested.epochs, suggested.batch_size) if suggested else (10, 64)
    steps = epochs * math.ceil(samples / batch)
    assert steps >= ENOUGH_STEPS and batch <= max(samples, 64) and epochs % 5 == 0
    fewer = (epochs - 5) * math.ceil(samples / batch)  # the fewest epochs, in fives, that do
    assert suggested is None or epochs == 10 or fewer < ENOUGH_STEPS
    assert (suggested is None) == (samples > 3136)  # 49 batches of 64 are 490 steps, 50 are 500


def test_an_uploaded_spiral_is_learnt_with_the_upload_s_suggestion(tmp_path: Path) -> None:
    """The built-in spiral's points as a CSV, uploaded: 10 epochs of 64 leave it near chance."""
    split, _ = builtin_split("spiral")
    rows = [
        f"{a},{b},{label}"
        for x, y in ((split.x_train, split.y_train), (split.x_val, split.y_val))
        for (a, b), label in zip(x.tolist(), y.tolist(), strict=True)
    ]
    path = tmp_path / "spiral.csv"
    path.write_text("x1,x2,arm\n" + "\n".join(rows) + "\n")
    upload_id = new_upload_id()
    options = UploadOptions(target="arm")
    record = build_upload(
        path, "spiral.csv", options, temp_folder(tmp_path), UploadLimits(), upload_id
    )
    assert record.suggested is not None and record.suggested.batch_size == 32
    assert _accuracy(upload_id, tmp_path, **record.suggested.model_dump()) >= 0.9
    assert _accuracy(upload_id, tmp_path, **EDITOR_STEPS) < 0.75
