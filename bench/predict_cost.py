"""What one prediction may cost the server's CPU: designs at the edge of the server's limits.

Each design below is the costliest of its kind that the default DesignLimits let through (or, for
`before`, designs they now refuse); the script validates it, saves random weights as a run's
weights, and times `predict` and `activations` in this process as the API runs them (its torch
threads, its model cache: a cold call loads the weights, the next ones find them loaded).

    .venv/bin/python bench/predict_cost.py [--repeats 3] [--only NAME,...]
"""

import argparse
import math
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import torch
from safetensors.torch import save_file

from torchcanvas.design.build import build_network
from torchcanvas.design.estimate import sample_work
from torchcanvas.design.limits import DesignLimits
from torchcanvas.design.schema import Design
from torchcanvas.design.validate import validate_design
from torchcanvas.design.walk import walk_design
from torchcanvas.export.activations import activations
from torchcanvas.export.predict import predict
from torchcanvas.training.settings import TrainingSettings

TRAINING = TrainingSettings.model_validate(
    {
        "dataset": "digits",
        "loss": "CrossEntropyLoss",
        "optimizer": "SGD",
        "lr": 0.1,
        "epochs": 1,
        "batch_size": 1,
        "seed": 0,
    }
)


def conv(node: str, out: int, kernel: int) -> dict[str, Any]:
    return {"id": node, "type": "Conv2d", "params": {"out_channels": out, "kernel_size": kernel}}


def stack(input_shape: list[int], layers: list[dict[str, Any]]) -> dict[str, Any]:
    return {"name": "edge", "input_shape": input_shape, "layers": layers}


def padded(node: str, out: int) -> dict[str, Any]:
    return {
        "id": node,
        "type": "Conv2d",
        "params": {"out_channels": out, "kernel_size": 3, "padding": 1},
    }


def elementwise(node: str, kind: str) -> dict[str, Any]:
    return {"id": node, "type": kind}


DESIGNS: dict[str, dict[str, Any]] = {
    # Wide 3x3 convolutions: the MACs at their most efficient (about 90 G MACs a second here).
    "wide-conv": stack([3, 64, 64], [padded("c0", 128), padded("c1", 256), padded("c2", 64)]),
    # One 1->1 channel 64x64 kernel: torch's worst MACs per second (im2col for a tiny matrix).
    "thin-conv": stack([1, 760, 760], [conv("c", 1, 64)]),
    # A 64x64 max-pooling window at stride 1: no MACs, 4,096 reads a value.
    "pool-window": stack(
        [1, 760, 760],
        [{"id": "p", "type": "MaxPool2d", "params": {"kernel_size": 64, "stride": 1}}],
    ),
    # Large maps through cheap layers: the bytes bound them (ConvTranspose2d's col2im and ELU are
    # the slowest per value).
    "big-maps": stack(
        [1, 127, 127],
        [
            {
                "id": "up",
                "type": "ConvTranspose2d",
                "params": {"out_channels": 16, "kernel_size": 8, "stride": 8},
            },
            elementwise("e", "ELU"),
        ],
    ),
    # What the server let through before it limited one sample: 67 M MACs, 3.75 GiB of outputs
    # (22 s a prediction here), and 4.8 T MACs (about a minute).
    "before-maps": stack(
        [1, 128, 128],
        [
            {
                "id": "up",
                "type": "ConvTranspose2d",
                "params": {"out_channels": 1, "kernel_size": 64, "stride": 64},
            }
        ]
        + [elementwise(f"r{i}", "ReLU") for i in range(14)],
    ),
    "before-macs": stack(
        [3, 128, 128],
        [
            {
                "id": "up",
                "type": "ConvTranspose2d",
                "params": {"out_channels": 64, "kernel_size": 4, "stride": 4},
            },
            padded("c1", 1400),
            padded("c2", 1400),
        ],
    ),
}


def timed(call: Callable[[], object], repeats: int) -> tuple[float, float]:
    """Seconds of the first call and the median of the next `repeats`."""
    start = time.perf_counter()
    call()
    cold = time.perf_counter() - start
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return cold, statistics.median(times)


def measure(name: str, raw: dict[str, Any], repeats: int) -> None:
    design = Design.model_validate(raw)
    result = validate_design(design, limits=DesignLimits(), caches=None)
    unlimited = DesignLimits(max_macs=2**62, max_sample_bytes=2**62)
    assert validate_design(design, limits=unlimited, caches=None).valid, name
    work = sample_work(walk_design(design, caches=None), design.input_shape)
    verdict = "allowed" if result.valid else "refused"
    print(
        f"{name}: {work.macs / 1e9:.2f} G MACs, {work.window_reads / 1e9:.2f} G pooling reads, "
        f"{work.activation_bytes / 2**20:,.0f} MiB of outputs, {verdict}"
    )
    if not result.valid:
        for error in result.errors:
            print(f"    {error.message}")
        return
    folder = Path(tempfile.mkdtemp(prefix="predict-cost-"))
    save_file(build_network(design, "cpu").state_dict(), str(folder / "weights.safetensors"))
    sample = [0.5] * math.prod(design.input_shape)
    for call in (predict, activations):
        cold, warm = timed(partial(call, folder, design, TRAINING, sample), repeats)
        print(f"    {call.__name__:12s} first {cold:6.2f} s, then {warm:6.2f} s (median)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--only", default="", help="comma-separated design names")
    args = parser.parse_args()
    print(f"torch threads: {torch.get_num_threads()}; limits: {DesignLimits()}")
    for name, raw in DESIGNS.items():
        if not args.only or name in args.only.split(","):
            measure(name, raw, args.repeats)


if __name__ == "__main__":
    main()
