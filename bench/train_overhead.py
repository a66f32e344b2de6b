"""How much slower TorchCanvas's training loop is than the same training written by hand.

One process trains the same network on the same data with the same settings twice over:
(a) a plain PyTorch loop, and (b) `torchcanvas.training.loop.train`, whose emit only collects
the events. Runs alternate after a warm-up, and each side's median is compared.

    .venv/bin/python bench/train_overhead.py [--model digits|wide] [--epochs N] [--repeats N]
                                             [--threads N] [--device auto|cpu|cuda]
                                             [--executor inline|ray] [--default-malloc]
                                             [--processes N]

With `--processes N`, the whole measurement runs N times, each in a fresh process, one after
another, and the median of their ratios is the verdict: on a shared machine one process's ratio
moves by several per cent from the next one's (bench/README.md), more than within a process.

With `--executor ray`, (b) goes through the Ray executor instead: a private local Ray instance,
one warm TrainingWorker, each run submitted and timed until its end event (and its files) are
back; it also prints the time from submitting to the first loss point.
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch
import torch.nn as nn
from safetensors.torch import load_file

from torchcanvas.runs.allocator import keep_freed_memory
from torchcanvas.training.data import load_split
from torchcanvas.training.events import TrainingEvent
from torchcanvas.training.job import TrainingJob
from torchcanvas.training.loop import train
from torchcanvas.training.run_folder import RunFolder
from torchcanvas.training.session import pick_device

DATASET = "digits"
BATCH_SIZE = 64
LR = 1e-3
SEED = 0
EVAL_BATCH = 1024  # the product's validation batch

# Each model as a TorchCanvas design and as the same nn.Sequential written by hand.
DESIGNS: dict[str, dict[str, Any]] = {
    # The digits CNN of the design contract: about 2.7k parameters, so per-step overhead shows most.
    "digits": {
        "version": 1,
        "name": "digits-cnn",
        "input_shape": [1, 8, 8],
        "layers": [
            {
                "id": "conv1",
                "type": "Conv2d",
                "params": {"out_channels": 16, "kernel_size": 3, "padding": 1},
            },
            {"id": "act1", "type": "ReLU"},
            {"id": "pool1", "type": "MaxPool2d", "params": {"kernel_size": 2}},
            {"id": "flat", "type": "Flatten"},
            {"id": "fc", "type": "Linear", "params": {"out_features": 10}},
        ],
    },
    # Wider and deeper (about 150k parameters), so one run lasts a few seconds on a CPU core.
    "wide": {
        "version": 1,
        "name": "bench-wide",
        "input_shape": [1, 8, 8],
        "layers": [
            {
                "id": "conv1",
                "type": "Conv2d",
                "params": {"out_channels": 32, "kernel_size": 3, "padding": 1},
            },
            {"id": "act1", "type": "ReLU"},
            {
                "id": "conv2",
                "type": "Conv2d",
                "params": {"out_channels": 64, "kernel_size": 3, "padding": 1},
            },
            {"id": "act2", "type": "ReLU"},
            {"id": "pool1", "type": "MaxPool2d", "params": {"kernel_size": 2}},
            {"id": "flat", "type": "Flatten"},
            {"id": "fc1", "type": "Linear", "params": {"out_features": 128}},
            {"id": "act3", "type": "ReLU"},
            {"id": "fc2", "type": "Linear", "params": {"out_features": 10}},
        ],
    },
}


def hand_network(model: str) -> nn.Sequential:
    """The same layers as DESIGNS[model]["layers"], made in order so one seed gives one init."""
    if model == "digits":
        return nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),  # (B, 1, 8, 8) -> (B, 16, 4, 4)
            nn.Flatten(),
            nn.Linear(16 * 4 * 4, 10),  # (B, 256) -> (B, 10)
        )
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1),
        nn.ReLU(),
        nn.Conv2d(32, 64, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),  # (B, 64, 8, 8) -> (B, 64, 4, 4)
        nn.Flatten(),
        nn.Linear(64 * 4 * 4, 128),
        nn.ReLU(),
        nn.Linear(128, 10),
    )


def train_by_hand(
    model_name: str, epochs: int, device: torch.device, parts: dict[str, float] | None = None
) -> nn.Sequential:
    """A plain PyTorch loop that sums each epoch's training loss and validates after each epoch,
    as the product does. With `parts`, adds the seconds of its steps and of its validation
    passes there (train_parts.py)."""
    split = load_split(DATASET)
    x, y = split.x_train.to(device), split.y_train.to(device)
    x_val, y_val = split.x_val.to(device), split.y_val.to(device)
    torch.manual_seed(SEED)
    model = hand_network(model_name).to(device)
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=LR)
    shuffle = torch.Generator().manual_seed(SEED)
    n = len(x)
    steps = validation = 0.0
    for _ in range(epochs):
        started = time.perf_counter()
        model.train()
        order = torch.randperm(n, generator=shuffle).to(device)
        train_loss = torch.zeros((), device=device)  # the epoch's mean loss, as any loop reports
        for start in range(0, n, BATCH_SIZE):
            idx = order[start : start + BATCH_SIZE]
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            optimizer.step()
            train_loss += loss.detach() * len(idx)
        train_loss.item()
        middle = time.perf_counter()
        model.eval()
        with torch.no_grad():
            val_loss, correct = 0.0, 0
            for start in range(0, len(x_val), EVAL_BATCH):
                out = model(x_val[start : start + EVAL_BATCH])
                yb = y_val[start : start + EVAL_BATCH]
                val_loss += loss_fn(out, yb).item() * len(yb)
                correct += int((out.argmax(dim=1) == yb).sum())
        steps, validation = steps + middle - started, validation + time.perf_counter() - middle
    if parts is not None:
        parts["steps"], parts["validation"] = steps, validation
    return model


def training_settings(epochs: int, device: torch.device) -> dict[str, Any]:
    """The run's training settings, as the API takes them."""
    return {
        "dataset": DATASET,
        "loss": "CrossEntropyLoss",
        "optimizer": "Adam",
        "lr": LR,
        "epochs": epochs,
        "batch_size": BATCH_SIZE,
        "seed": SEED,
        "device": device.type,
    }


def train_by_torchcanvas(
    model_name: str, epochs: int, device: torch.device, folder: str
) -> list[TrainingEvent]:
    """TorchCanvas's own loop, with an emit that only collects the events."""
    job = TrainingJob(
        design=DESIGNS[model_name],
        training=training_settings(epochs, device),
        folder=Path(folder),
    )
    events: list[TrainingEvent] = []
    status = train(job, events.append, lambda: False)
    if status != "succeeded":
        raise RuntimeError(f"TorchCanvas's run ended {status}: {events[-1]}")
    return events


def timed(run: Callable[[], object], device: torch.device) -> tuple[float, float, int]:
    """Wall-clock and CPU seconds of one call, with the device's queue drained at the end, and
    the page faults it took (memory given back to the kernel and faulted in again)."""
    if device.type == "cuda":
        torch.cuda.synchronize()
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    if device.type == "cuda":
        torch.cuda.synchronize()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return wall, cpu, resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults


def max_weight_difference(hand: nn.Sequential, folder: str, design: list[dict[str, Any]]) -> float:
    """Largest |Δ| between the hand-trained weights and TorchCanvas's saved ones."""
    saved = load_file(RunFolder(Path(folder)).weights)
    ids = [layer["id"] for layer in design]
    # Hand keys are `<index>.<tensor>`; TorchCanvas keys are `<layer id>.<tensor>`.
    renamed = {
        f"{ids[int(k.split('.', 1)[0])]}.{k.split('.', 1)[1]}": v
        for k, v in hand.state_dict().items()
    }
    if renamed.keys() != saved.keys():
        raise RuntimeError(f"Different tensors: {sorted(renamed)} vs {sorted(saved)}")
    return max(float((renamed[k].cpu() - saved[k]).abs().max()) for k in saved)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", choices=sorted(DESIGNS), default="wide")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=5, help="timed runs of each, alternated")
    parser.add_argument(
        "--threads",
        type=int,
        default=max(1, (os.cpu_count() or 2) - 1),
        help="torch.set_num_threads; by default what a worker gets (cores - 1)",
    )
    parser.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto")
    parser.add_argument("--executor", choices=["inline", "ray"], default="inline")
    parser.add_argument(
        "--default-malloc",
        action="store_true",
        help="leave glibc's malloc thresholds as they are (a worker raises them: runs/allocator.py)",
    )
    parser.add_argument(
        "--processes", type=int, default=1, help="measure in this many fresh processes, in turn"
    )
    args = parser.parse_args()
    if args.processes > 1:
        across_processes(args)
    else:
        measure(args)


def across_processes(args: argparse.Namespace) -> None:
    """The measurement in `args.processes` fresh processes one after another, and the median
    of their ratios."""
    child = [sys.executable, __file__, "--model", args.model, "--epochs", str(args.epochs)]
    child += ["--repeats", str(args.repeats), "--threads", str(args.threads)]
    child += ["--device", args.device, "--executor", args.executor]
    child += ["--default-malloc"] if args.default_malloc else []
    found: dict[str, list[float]] = {}
    for number in range(1, args.processes + 1):
        output = subprocess.run(child, capture_output=True, text=True, check=True).stdout
        lines = output.splitlines()
        if number == 1:
            print(lines[0])  # what is measured
        ratios = next(line for line in lines if line.startswith(RATIOS))
        print(f"process {number}: {ratios.removeprefix(RATIOS)}", flush=True)
        for part in ratios.removeprefix(RATIOS).split():
            clock, value = part.split("=")
            found.setdefault(clock, []).append(float(value))
    for clock, values in found.items():
        ratio = statistics.median(values)
        verdict = "meets" if ratio >= 0.97 else "below"
        print(
            f"by {clock} time: ratio TorchCanvas/hand = {ratio:.3f} ({verdict} the 0.97 target; "
            f"median of {len(values)} processes, from {min(values):.3f} to {max(values):.3f})"
        )


RATIOS = "ratios: "  # the last line of a measurement, which across_processes reads


def measure(args: argparse.Namespace) -> None:
    """One measurement: warm-up, then alternated runs of both sides, in this process."""
    if not args.default_malloc:  # as every worker does: both sides in a process set up as one
        keep_freed_memory()
    torch.set_num_threads(args.threads)
    device = pick_device(args.device)
    n_train = len(load_split(DATASET).x_train)
    samples = n_train * args.epochs
    print(
        f"model={args.model} dataset={DATASET} ({n_train} training samples) batch={BATCH_SIZE} "
        f"epochs={args.epochs} optimizer=Adam seed={SEED} device={device} "
        f"threads={torch.get_num_threads()} torch={torch.__version__}"
    )

    with tempfile.TemporaryDirectory() as folder:
        # Warm-up: first-call costs (kernels, allocator, lazy imports) fall on neither side.
        hand_model = train_by_hand(args.model, args.epochs, device)
        events = train_by_torchcanvas(args.model, args.epochs, device, folder)
        difference = max_weight_difference(hand_model, folder, DESIGNS[args.model]["layers"])
        progress = sum(1 for e in events if e.type == "progress")
        print(
            f"same training: max |weight difference| = {difference:.3g}; TorchCanvas emitted "
            f"{len(events)} events ({progress} progress frames)"
        )

        runners: dict[str, Callable[[], object]] = {
            "hand": lambda: train_by_hand(args.model, args.epochs, device),
            "canvas": lambda: train_by_torchcanvas(args.model, args.epochs, device, folder),
        }
        ray_runner = None
        if args.executor == "ray":
            from ray_runner import RayRunner  # beside this script

            ray_runner = RayRunner(args.threads)
            training = training_settings(args.epochs, device)
            first_points: list[float] = []
            for _ in range(3):  # warm: what a second run on a warm actor waits
                first_points.append(ray_runner.run(DESIGNS[args.model], training)[0])
            print(
                "Ray: submit -> first loss point with a warm actor: "
                + " ".join(f"{1000 * s:.0f}" for s in first_points)
                + " ms"
            )
            runner = ray_runner
            runners["canvas"] = lambda: runner.run(DESIGNS[args.model], training)
        measured: dict[str, list[tuple[float, float, int]]] = {"hand": [], "canvas": []}
        for repeat in range(args.repeats):  # each side goes first in every other pair
            for side in ("hand", "canvas") if repeat % 2 == 0 else ("canvas", "hand"):
                measured[side].append(timed(runners[side], device))
        hand, canvas = measured["hand"], measured["canvas"]
        if ray_runner is not None:
            ray_runner.close()

    print(
        "page faults a run (median): "
        f"hand-written {statistics.median(t[2] for t in hand):.0f}, "
        f"TorchCanvas {statistics.median(t[2] for t in canvas):.0f}"
        + (" (in this process; the runs train in the actor's)" if ray_runner else "")
    )
    # Wall-clock time is what a user waits for. CPU time is steadier on a shared machine, where
    # other processes take the cores in bursts; on a GPU it mostly measures the launching thread.
    clocks: tuple[tuple[str, int], ...] = (("wall-clock", 0), ("CPU", 1))
    if args.executor == "ray":  # the training runs in the actor's process: only wall-clock counts
        clocks = clocks[:1]
    ratios: list[str] = []
    for clock, which in clocks:
        hand_rate = samples / statistics.median(t[which] for t in hand)
        canvas_rate = samples / statistics.median(t[which] for t in canvas)
        print(f"by {clock} time:")
        for name, times, rate in (
            ("hand-written", hand, hand_rate),
            ("TorchCanvas", canvas, canvas_rate),
        ):
            runs = " ".join(f"{t[which]:.3f}" for t in times)
            print(
                f"  {name:>12}: {rate:8.0f} samples/s  (median of {len(times)}; runs in s: {runs})"
            )
        # Each TorchCanvas run against the hand run of its pair: a burst of load from elsewhere
        # slows both of a pair more often than it slows one side of every pair.
        pairs = sorted(h[which] / c[which] for h, c in zip(hand, canvas, strict=True))
        ratio = statistics.median(pairs)
        verdict = "meets" if ratio >= 0.97 else "below"
        print(
            f"  ratio TorchCanvas/hand = {ratio:.3f} ({verdict} the 0.97 target; median of "
            f"{len(pairs)} pairs, from {pairs[0]:.3f} to {pairs[-1]:.3f})"
        )
        ratios.append(f"{clock}={ratio:.4f}")
    print(RATIOS + " ".join(ratios))


if __name__ == "__main__":
    main()
