"""What the speed options buy on a conv net: fp32 against bf16 autocast, with and without compile.

One process uploads a synthetic image set (3×32×32, 10 classes) through the real API, then trains
the same small conv net on it with TorchCanvas's loop under each option, timed by wall clock with
the device drained, after a warm-up run of each. Ratios are against fp32 measured in the same run.
The rows "samples pinned" keep the samples in pinned host memory and copy each batch without
blocking, as a dataset too big for its share of the GPU is trained (training/run_data.py), against
the same run with the samples on the GPU.

    .venv/bin/python bench/gpu_speed.py [--device cuda|cpu] [--epochs N] [--samples N]
"""

import argparse
import io
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch
from fastapi.testclient import TestClient

from torchcanvas.api.app import create_app
from torchcanvas.config import ServerConfig
from torchcanvas.training import run_data
from torchcanvas.training.events import EndEvent, TrainingEvent
from torchcanvas.training.job import TrainingJob
from torchcanvas.training.loop import train

NET: dict[str, Any] = {
    "version": 1,
    "name": "bench-convnet",
    "input_shape": [3, 32, 32],
    "layers": [
        {"id": "c1", "type": "Conv2d", "params": {"out_channels": 64, "kernel_size": 3, "padding": 1}},
        {"id": "n1", "type": "BatchNorm2d"},
        {"id": "a1", "type": "ReLU"},
        {"id": "c2", "type": "Conv2d", "params": {"out_channels": 128, "kernel_size": 3, "padding": 1}},
        {"id": "n2", "type": "BatchNorm2d"},
        {"id": "a2", "type": "ReLU"},
        {"id": "p2", "type": "MaxPool2d", "params": {"kernel_size": 2}},
        {"id": "c3", "type": "Conv2d", "params": {"out_channels": 256, "kernel_size": 3, "padding": 1}},
        {"id": "n3", "type": "BatchNorm2d"},
        {"id": "a3", "type": "ReLU"},
        {"id": "p3", "type": "MaxPool2d", "params": {"kernel_size": 2}},
        {"id": "flat", "type": "Flatten"},
        {"id": "fc", "type": "Linear", "params": {"out_features": 10}},
    ],
}  # fmt: skip
SHARE = run_data.DEVICE_SHARE
OPTIONS: dict[str, dict[str, Any]] = {
    "fp32": {},
    "fp32, samples pinned": {"pinned": True},
    "bf16, samples pinned": {"precision": "bf16", "pinned": True},
    "bf16": {"precision": "bf16"},
    "bf16 + channels-last": {"precision": "bf16", "channels_last": True},
    "fp32 + compile": {"compile_model": True},
    "bf16 + compile": {"precision": "bf16", "compile_model": True},
}


def upload_images(data_dir: Path, samples: int) -> str:
    """A synthetic 10-class image set, uploaded as an NPZ through the real API; its id."""
    rng = np.random.default_rng(0)
    y = rng.integers(0, 10, samples)
    x = rng.normal(0, 1, (samples, 3, 32, 32)).astype(np.float32) + y[:, None, None, None] * 0.1
    buffer = io.BytesIO()
    np.savez(buffer, x=x, y=y)
    app = create_app(ServerConfig(data_dir=data_dir, workers=1))
    with TestClient(app, base_url="http://localhost") as client:
        reply = client.post("/api/datasets", files={"file": ("images.npz", buffer.getvalue())})
        if reply.status_code != 201:
            raise RuntimeError(f"upload refused: {reply.text}")
        dataset: str = reply.json()["id"]
    return dataset


def timed_run(job: TrainingJob, device: torch.device, pinned: bool = False) -> float:
    if device.type == "cuda":
        torch.cuda.synchronize()
    began = time.perf_counter()
    events: list[TrainingEvent] = []
    # no share of the GPU for samples: they stay in pinned host memory, whatever their size
    run_data.DEVICE_SHARE = 0.0 if pinned else SHARE
    train(job, events.append, lambda: False)
    if device.type == "cuda":
        torch.cuda.synchronize()
    end = events[-1]
    if not isinstance(end, EndEvent) or end.status != "succeeded":
        raise RuntimeError(f"the run ended {end}")
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--device", choices=["cuda", "cpu"], default="cuda")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--samples", type=int, default=20000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    device = torch.device(args.device)
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        dataset = upload_images(data_dir, args.samples)
        training: dict[str, Any] = {"dataset": dataset, "loss": "CrossEntropyLoss"}
        training |= {"optimizer": "AdamW"}
        training |= {"lr": 1e-3, "epochs": args.epochs, "batch_size": 256, "device": args.device}
        print(
            f"device={device} samples={args.samples} epochs={args.epochs} torch={torch.__version__}"
        )
        seconds: dict[str, float] = {}
        for name, option in OPTIONS.items():
            options = {key: value for key, value in option.items() if key != "pinned"}
            pinned = bool(option.get("pinned"))
            job = TrainingJob.model_validate(
                {
                    "design": NET,
                    "training": {**training, **options},
                    "folder": data_dir / "runs" / name.replace(" ", ""),
                    "data_dir": data_dir,
                }
            )
            timed_run(job, device, pinned)  # warm-up: compilation, cuDNN's choices, the allocator
            seconds[name] = statistics.median(
                timed_run(job, device, pinned) for _ in range(args.repeats)
            )
            # each row as soon as it is measured, so a run cut short by a time limit still tells
            ratio = seconds["fp32"] / seconds[name]
            print(f"  {name:>22}: {seconds[name]:7.2f} s   {ratio:5.2f}x fp32", flush=True)


if __name__ == "__main__":
    main()
