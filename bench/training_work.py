"""How fast a training worker gets through optimizer steps and sample-MACs: the rates that
TORCHCANVAS_MAX_TRAINING_STEPS and TORCHCANVAS_MAX_TRAINING_MACS are chosen from
(training/work.py).

    .venv/bin/python bench/training_work.py [--threads 1] [--device cpu|cuda|auto]

Each design trains through the real loop (`training.loop.train`), as a worker trains it:

- **steps**: the smallest network there is, Flatten then Linear(10) on the digits, at batch 1,
  so that the time is the loop's own per-step cost (forward, backward, Adam, frames, events);
- **MACs**: the review's ConvTranspose2d(64, kernel 16, stride 16) design, 1.2 G MACs a sample,
  as a 10-step range test at batch 16, so that the time is arithmetic; and the LeNet template
  for 2 epochs at batch 64, a small network whose MACs come slower.

It prints each one's steps a second and forward sample-MACs a second; the limits divided by
these are how long the largest run allowed holds a worker.
"""

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

import torch

from torchcanvas.design.schema import Design
from torchcanvas.design.validate import validate_design
from torchcanvas.runs.allocator import keep_freed_memory
from torchcanvas.training.data import find_dataset
from torchcanvas.training.job import TrainingJob
from torchcanvas.training.loop import train
from torchcanvas.training.settings import TrainingSettings
from torchcanvas.training.work import run_work


def _design(name: str, layers: list[dict[str, Any]]) -> Design:
    return Design.model_validate(
        {"version": 1, "name": name, "input_shape": [1, 8, 8], "layers": layers}
    )


LINEAR = _design(
    "linear",
    [
        {"id": "flat", "type": "Flatten"},
        {"id": "fc", "type": "Linear", "params": {"out_features": 10}},
    ],
)
# The design of the review that held the worker for 37 hours at 1,000 epochs of batch 1.
WIDE_UP = _design(
    "wide-up",
    [
        {
            "id": "up",
            "type": "ConvTranspose2d",
            "params": {"out_channels": 64, "kernel_size": 16, "stride": 16},
        },
        {"id": "c1", "type": "Conv2d", "params": {"out_channels": 64, "kernel_size": 3}},
        {"id": "c2", "type": "Conv2d", "params": {"out_channels": 64, "kernel_size": 3}},
        {"id": "pool", "type": "AdaptiveAvgPool2d", "params": {"output_size": 1}},
        {"id": "flat", "type": "Flatten"},
        {"id": "fc", "type": "Linear", "params": {"out_features": 10}},
    ],
)
LENET = _design(
    "lenet",
    [
        {
            "id": "conv1",
            "type": "Conv2d",
            "params": {"out_channels": 16, "kernel_size": 3, "padding": 1},
        },
        {"id": "act1", "type": "ReLU"},
        {"id": "pool1", "type": "MaxPool2d", "params": {"kernel_size": 2}},
        {
            "id": "conv2",
            "type": "Conv2d",
            "params": {"out_channels": 32, "kernel_size": 3, "padding": 1},
        },
        {"id": "act2", "type": "ReLU"},
        {"id": "pool2", "type": "MaxPool2d", "params": {"kernel_size": 2}},
        {"id": "flat", "type": "Flatten"},
        {"id": "fc1", "type": "Linear", "params": {"out_features": 64}},
        {"id": "act3", "type": "ReLU"},
        {"id": "fc2", "type": "Linear", "params": {"out_features": 10}},
    ],
)


def _settings(device: str, **chosen: Any) -> TrainingSettings:
    return TrainingSettings.model_validate(
        {"dataset": "digits", "loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 1e-3}
        | {"device": device}
        | chosen
    )


def measure(label: str, design: Design, training: TrainingSettings) -> None:
    """Trains once and prints the run's work, its seconds, and the rates."""
    estimate = validate_design(design, training.batch_size).estimate
    assert estimate is not None, f"{label} does not validate"
    work = run_work(estimate.macs_per_sample, find_dataset("digits").train_size, training)
    with tempfile.TemporaryDirectory(prefix="torchcanvas-work-") as folder:
        job = TrainingJob(design=design, training=training, folder=Path(folder))
        started = time.perf_counter()
        status = train(job, lambda _: None, lambda: False)
        seconds = time.perf_counter() - started
    if status != "succeeded":
        raise RuntimeError(f"{label} ended {status}")
    print(
        f"{label:<42} {work.steps:>9,} steps {work.sample_macs:>12.3g} MACs {seconds:>7.1f} s"
        f"  {work.steps / seconds:>8,.0f} steps/s  {work.sample_macs / seconds:>9.3g} MACs/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, default=1, help="torch threads (a worker's)")
    parser.add_argument("--device", default="cpu", choices=["auto", "cpu", "cuda"])
    args = parser.parse_args()
    keep_freed_memory()  # as a training worker is set up (runs/allocator.py)
    torch.set_num_threads(args.threads)
    device = args.device
    measure("Linear, batch 1, 5 epochs", LINEAR, _settings(device, epochs=5, batch_size=1))
    range_test = {"steps": 10, "start_lr": 1e-6, "end_lr": 1e-5}  # a low rate: all 10 run
    wide = _settings(device, epochs=1, batch_size=16, range_test=range_test)
    measure("Review's ConvTranspose2d, 10 steps of 16", WIDE_UP, wide)
    measure(
        "LeNet template, batch 64, 20 epochs", LENET, _settings(device, epochs=20, batch_size=64)
    )


if __name__ == "__main__":
    main()
