"""What the neurons' maps of a 2-D model cost: `neuron_maps` against the bare forward pass of its
1,024 grid points, for MLPs up to the widest the default limits let through (export/neurons.py).

Saves random weights as a run's, then times the read in this process as the API runs it (its
model cache warm after the first call).

    .venv/bin/python bench/neuron_maps.py [--repeats 5] [--threads 1]
"""

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import torch
from safetensors.torch import save_file

from torchcanvas.design.build import build_network
from torchcanvas.design.limits import DesignLimits
from torchcanvas.design.schema import Design
from torchcanvas.export.neurons import GRID, neuron_maps
from torchcanvas.training.results import DecisionBoundary, RunResults
from torchcanvas.training.run_folder import RunFolder

RESULTS = RunResults(
    task="classification",
    sample_shape=[2],
    classes=["a", "b"],
    confusion=None,
    per_class=None,
    misclassified=[],
    regression=None,
    boundary=DecisionBoundary(
        x_min=-1, x_max=1, y_min=-1, y_max=1, size=64, classes=[0] * 64 * 64, points=[]
    ),
)
# (hidden width, hidden layers): TF Playground's largest, then wider; the last is about the
# widest whose grid the default max_macs lets through (1,024 × about 1.9 M MACs a point).
SHAPES = [(8, 6), (64, 4), (256, 8), (980, 3)]


def _design(width: int, depth: int) -> Design:
    layers = []
    for i in range(depth):
        layers += [
            {"id": f"fc{i}", "type": "Linear", "params": {"out_features": width}},
            {"id": f"act{i}", "type": "Tanh"},
        ]
    layers.append({"id": "out", "type": "Linear", "params": {"out_features": 2}})
    return Design.model_validate(
        {"version": 1, "name": "bench", "input_shape": [2], "layers": layers}
    )


def _ms(call: Callable[[], object], repeats: int) -> float:
    """The median time of `call`, in milliseconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    limits = DesignLimits()
    print(f"{'width×depth':>12} {'forward ms':>11} {'neuron_maps ms':>15} {'reply KB':>9}")
    for width, depth in SHAPES:
        design = _design(width, depth)
        with tempfile.TemporaryDirectory() as folder:
            model = build_network(design)
            save_file(model.state_dict(), str(RunFolder(Path(folder)).weights))
            grid = torch.rand(GRID * GRID, 2)  # (G², 2)
            with torch.inference_mode():
                forward = _ms(partial(model.eval(), grid), args.repeats)
            read_maps = partial(neuron_maps, Path(folder), design, RESULTS, limits)
            maps = read_maps()  # loads the weights once
            read = _ms(read_maps, args.repeats)
            size = len(maps.model_dump_json()) / 1024
        print(f"{f'{width}×{depth}':>12} {forward:>11.1f} {read:>15.1f} {size:>9.0f}")


if __name__ == "__main__":
    main()
