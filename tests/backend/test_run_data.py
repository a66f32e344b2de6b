"""A run's samples kept in host memory (as a big dataset on a GPU is) train exactly as on the device."""

from functools import partial
from pathlib import Path
from typing import Any

import pytest
import torch
from safetensors.torch import load_file

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING
from torchcanvas.training import session
from torchcanvas.training.data import Split
from torchcanvas.training.evaluation import evaluate
from torchcanvas.training.events import EndEvent, EpochEvent, ProgressEvent, TrainingEvent
from torchcanvas.training.job import TrainingJob
from torchcanvas.training.loop import train
from torchcanvas.training.run_data import DEVICE_SHARE, RunData, fits_on_device
from torchcanvas.training.run_folder import WEIGHTS

# An MLP trains bit for bit alike on a GPU too (bench/gpu.sh runs this file there): device auto.
MLP: dict[str, Any] = {
    "input_shape": [1, 8, 8],
    "layers": [
        {"id": "flat", "type": "Flatten"},
        {"id": "fc1", "type": "Linear", "params": {"out_features": 32}},
        {"id": "norm", "type": "BatchNorm1d"},
        {"id": "act", "type": "ReLU"},
        {"id": "drop", "type": "Dropout", "params": {"p": 0.2}},
        {"id": "fc2", "type": "Linear", "params": {"out_features": 10}},
    ],
}
CASES = {
    "mlp": (MLP, {"device": "auto"}),
    # a convolution's backward may add up in any order on a GPU: this one stays on the CPU
    "conv, channels-last": (DIGITS_CNN, {"device": "cpu", "channels_last": True}),
}


def _train(
    folder: Path, design: dict[str, Any], options: dict[str, Any]
) -> tuple[list[TrainingEvent], dict[str, torch.Tensor]]:
    training = {**DIGITS_TRAINING, "epochs": 2, **options}
    events: list[TrainingEvent] = []
    train(
        TrainingJob(design=design, training=training, folder=folder),
        events.append,
        lambda: False,
    )
    end = events[-1]
    assert isinstance(end, EndEvent) and end.status == "succeeded", end
    return events, load_file(folder / WEIGHTS)


def _curve(events: list[TrainingEvent]) -> tuple[list[float], list[object]]:
    """Every step's loss, and each epoch's validation (frames end where the clock says)."""
    steps = [loss for e in events if isinstance(e, ProgressEvent) for loss in e.losses or []]
    epochs = [
        (e.val_loss, e.val_accuracy, e.train_accuracy) for e in events if isinstance(e, EpochEvent)
    ]
    return steps, epochs


@pytest.mark.parametrize("case", sorted(CASES))
def test_samples_kept_on_the_host_train_as_on_the_device(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    design, options = CASES[case]
    on_device, weights = _train(tmp_path / "device", design, options)
    monkeypatch.setattr(session, "RunData", partial(RunData, on_device=False))
    on_host, host_weights = _train(tmp_path / "host", design, options)
    steps, _ = curve = _curve(on_device)
    assert len(steps) == max(e.step for e in on_device if isinstance(e, ProgressEvent))
    assert _curve(on_host) == curve
    assert weights.keys() == host_weights.keys()
    for name, tensor in weights.items():
        assert torch.equal(tensor, host_weights[name]), name


def _split(n: int = 10) -> Split:
    x = torch.arange(n * 2 * 3 * 3, dtype=torch.float32).reshape(n, 2, 3, 3)
    y = torch.arange(n) % 3
    return Split(x[:8], y[:8], x[8:], y[8:])


def test_host_batches_are_the_indexed_samples_from_alternating_buffers() -> None:
    split = _split()
    data = RunData(split, torch.device("cpu"), on_device=False)
    assert data.index_device == torch.device("cpu")
    seen = []
    for idx in ([3, 1, 4], [0, 5, 2], [7, 6]):
        x, y = data.batch(torch.tensor(idx))
        assert torch.equal(x, split.x_train[idx]) and torch.equal(y, split.y_train[idx])
        seen.append(x.untyped_storage().data_ptr())
    assert seen[0] != seen[1] and seen[0] == seen[2]  # two buffers, taking turns


def test_host_batches_become_channels_last_on_the_device() -> None:
    data = RunData(_split(), torch.device("cpu"), on_device=False)
    data.use_channels_last()
    x, _ = data.batch(torch.tensor([0, 1]))
    assert x.is_contiguous(memory_format=torch.channels_last)
    assert data.x.is_contiguous()  # the samples themselves are not copied


def test_validation_reads_host_samples_a_chunk_at_a_time() -> None:
    split = _split()
    model = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(18, 3))
    loss = session.LossFunction(
        TrainingJob(design=DIGITS_CNN, training=DIGITS_TRAINING, folder=Path(".")).training, 3
    )
    data = RunData(split, torch.device("cpu"), on_device=False)
    got = evaluate(model, loss, data.x_val, data.y_val, classify=True)
    want = evaluate(model, loss, split.x_val, split.y_val, classify=True)
    assert got[:2] == want[:2] and torch.equal(got[2], want[2])


def test_only_what_fits_a_share_of_the_gpu_is_copied_there() -> None:
    gpu, free = torch.device("cuda"), 8 * 2**30
    assert fits_on_device(int(free * DEVICE_SHARE), gpu, free_bytes=free)
    assert not fits_on_device(int(free * DEVICE_SHARE) + 1, gpu, free_bytes=free)
    assert fits_on_device(2**50, torch.device("cpu"))  # off a GPU, the samples are where they are
