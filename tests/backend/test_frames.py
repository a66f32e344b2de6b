"""Progress frames: each layer's gradient norm, with torch's own as the oracle."""

import math
from pathlib import Path

import torch
import torch.nn as nn

from torchcanvas.training.events import ProgressEvent, StartedEvent, TrainingEvent
from torchcanvas.training.frames import grad_norms
from torchcanvas.training.job import TrainingJob
from torchcanvas.training.loop import train


def test_each_layer_gradient_norm_is_torchs_total_norm() -> None:
    torch.manual_seed(0)
    conv, fc, frozen = nn.Conv2d(1, 4, 3), nn.Linear(8, 3), nn.Linear(2, 2)
    (conv(torch.randn(2, 1, 5, 5)).sum() + fc(torch.randn(2, 8)).square().sum()).backward()
    layers = [list(conv.parameters()), list(fc.parameters()), list(frozen.parameters())]

    norms = grad_norms(layers).tolist()

    for norm, params in zip(norms[:2], layers, strict=False):
        expected = torch.nn.utils.get_total_norm([p.grad for p in params if p.grad is not None])
        assert math.isclose(norm, expected.item(), rel_tol=1e-6)
    assert math.isnan(norms[2])  # a layer with no gradient yet


def test_progress_frames_carry_every_steps_loss(tmp_path: Path) -> None:
    """Every step is on the curve, whatever the frame rate; a frame's losses average to its loss."""
    design = {
        "version": 1,
        "name": "mlp",
        "input_shape": [2],
        "layers": [
            {"id": "fc1", "type": "Linear", "params": {"out_features": 8}},
            {"id": "act", "type": "ReLU"},
            {"id": "fc2", "type": "Linear", "params": {"out_features": 2}},
        ],
    }
    training = {"dataset": "moons", "loss": "CrossEntropyLoss", "optimizer": "SGD", "lr": 0.1}
    training |= {"epochs": 3, "batch_size": 40, "seed": 0}  # 480 samples: equal batches
    events: list[TrainingEvent] = []
    job = TrainingJob(design=design, training=training, folder=tmp_path)
    train(job, events.append, lambda: False)

    started = next(e for e in events if isinstance(e, StartedEvent))
    frames = [e for e in events if isinstance(e, ProgressEvent)]
    steps = [
        s for frame in frames for s in range(frame.step - len(frame.losses) + 1, frame.step + 1)
    ]
    assert steps == list(range(1, started.total_steps + 1))
    for frame in frames:
        assert all(loss is not None for loss in frame.losses)
        mean = sum(loss for loss in frame.losses if loss is not None) / len(frame.losses)
        assert frame.loss is not None and math.isclose(mean, frame.loss, rel_tol=1e-5)
