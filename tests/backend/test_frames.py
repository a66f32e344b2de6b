"""Progress frames: each layer's gradient norm, with torch's own as the oracle."""

import math
import statistics
import threading
import time
from pathlib import Path

import torch
import torch.nn as nn

from torchcanvas.training.control import PauseGate
from torchcanvas.training.events import ProgressEvent, ResumedEvent, StartedEvent, TrainingEvent
from torchcanvas.training.frames import FrameClock, grad_norms
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
    # The first point shows after the first step, not when the epoch (12 fast steps) ends.
    assert frames[0].step == 1 and len(frames[0].losses) == 1


def test_the_first_frame_is_due_at_once_and_the_next_an_interval_later() -> None:
    clock = FrameClock(interval=60.0)
    assert clock.due()
    clock.tick(1)
    assert not clock.due()


def test_samples_a_second_span_the_last_second_and_leave_a_pause_out() -> None:
    clock = FrameClock(window=0.3)
    time.sleep(0.1)
    first = clock.tick(100)
    assert 0 < first <= 100 / 0.1  # 100 samples in at least 0.1 s
    time.sleep(0.5)  # paused: no samples, and told so
    clock.skip(0.5)
    after = clock.tick(0)
    assert after > 100 / 0.5  # the pause would have brought it under 100 / 0.6
    for _ in range(4):  # the window moves on: the first frame's 100 samples fall out
        time.sleep(0.1)
        clock.tick(10)
    assert clock.tick(10) < 10 / 0.05


def test_samples_a_second_after_a_pause_read_as_before_it(tmp_path: Path) -> None:
    """A real run paused for a second: its frames after the pause tell the same speed."""
    design = {
        "version": 1,
        "name": "mlp",
        "input_shape": [2],
        "layers": [
            {"id": "fc1", "type": "Linear", "params": {"out_features": 16}},
            {"id": "act", "type": "ReLU"},
            {"id": "fc2", "type": "Linear", "params": {"out_features": 2}},
        ],
    }
    training = {"dataset": "moons", "loss": "CrossEntropyLoss", "optimizer": "SGD", "lr": 0.1}
    training |= {"epochs": 40, "batch_size": 8, "seed": 0}  # stopped long before its end
    events: list[TrainingEvent] = []
    asked, held, seen_after = threading.Event(), threading.Event(), threading.Event()

    def sink(event: TrainingEvent) -> None:
        events.append(event)
        frames = sum(isinstance(e, ProgressEvent) for e in events)
        if frames == 30 and not held.is_set():  # once: the resumed event comes at 30 frames too
            held.set()
            asked.set()
            threading.Timer(1.0, asked.clear).start()  # held for a second
        resumed = any(isinstance(e, ResumedEvent) for e in events)
        if resumed and isinstance(event, ProgressEvent):
            seen_after.set()  # the first frame after the pause: all that is looked at

    job = TrainingJob(design=design, training=training, folder=tmp_path)
    train(job, sink, seen_after.is_set, PauseGate(asked.is_set))

    resumed = next(i for i, e in enumerate(events) if isinstance(e, ResumedEvent))
    rates = [e.samples_per_second for e in events if isinstance(e, ProgressEvent)]
    before = statistics.median(rates[10:30])
    after = next(e for e in events[resumed:] if isinstance(e, ProgressEvent))
    # Counting the second of pause would read at most a frame's samples in over a second.
    assert after.samples_per_second > before / 4
