"""What the live decision boundary and its neurons cost a 2-D run: the maps' time against the
steps' time, and the run with live neurons against the same run without them.

Trains a 2-D classification run as `torchcanvas.training.loop.train` does, its emit collecting
the events, and times each map (training/live_boundary.py, with training/live_neurons.py) against
the run and its steps. Then trains the same run `--repeats` times with the maps' neurons and as
many without, in turns, and says the ratio of the fastest of each.

    .venv/bin/python bench/boundary_maps.py [--dataset spiral] [--epochs 300] [--hidden 64]
                                            [--batch-size 32] [--threads 1] [--repeats 3]
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import torch

from torchcanvas.design.schema import Design
from torchcanvas.training import live_boundary, live_neurons
from torchcanvas.training.events import ProgressEvent, StartedEvent, TrainingEvent
from torchcanvas.training.job import TrainingJob
from torchcanvas.training.live_boundary import BoundaryEvent
from torchcanvas.training.session import TrainingSession
from torchcanvas.training.settings import TrainingSettings


def _design(hidden: int) -> Design:
    layers = [
        {"id": "fc1", "type": "Linear", "params": {"out_features": hidden}},
        {"id": "act1", "type": "Tanh"},
        {"id": "fc2", "type": "Linear", "params": {"out_features": hidden}},
        {"id": "act2", "type": "Tanh"},
        {"id": "fc3", "type": "Linear", "params": {"out_features": 2}},
    ]
    return Design.model_validate(
        {"version": 1, "name": "bench", "input_shape": [2], "layers": layers}
    )


def _train(args: argparse.Namespace, neurons: bool) -> tuple[float, list[TrainingEvent], float]:
    """One run, its maps with or without their neurons: its wall time, events, and maps' time."""
    events: list[TrainingEvent] = []
    settings = TrainingSettings.model_validate(
        {"dataset": args.dataset, "loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 0.01,
         "epochs": args.epochs, "batch_size": args.batch_size, "seed": 0, "device": "cpu"}
    )  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        job = TrainingJob(design=_design(args.hidden), training=settings, folder=Path(folder))
        started = time.monotonic()
        # training/loop.py's `train`, step by step, to read the session's maps after
        session = TrainingSession(job, events.append, lambda: False)
        assert session.load_data() is None
        session.build()
        assert session.maps is not None, "a 2-D classification run makes maps"
        if not neurons:
            session.maps.neuron_grid = None
        session.restore()
        session.start()
        reason = None
        for epoch in session.epochs():
            reason = session.run_epoch(epoch) or session.end_epoch(epoch)
            if reason is not None:
                break
        session.finish(reason)
        return time.monotonic() - started, events, session.maps.spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dataset", default="spiral")
    parser.add_argument("--epochs", type=int, default=300)
    parser.add_argument("--hidden", type=int, default=64)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    wall, events, spent = _train(args, neurons=True)
    maps = [e for e in events if isinstance(e, BoundaryEvent)]
    begun = next(e for e in events if isinstance(e, StartedEvent))
    last = [e for e in events if isinstance(e, ProgressEvent)][-1]
    step_seconds = last.elapsed / begun.total_steps
    stored = sum(len(e.model_dump_json()) + 20 for e in maps)
    neurons = sum(len(e.neurons.model_dump_json()) for e in maps if e.neurons)
    mean = spent / max(len(maps), 1)
    print(f"{args.dataset}, {args.epochs} epochs of {begun.steps_per_epoch} steps, "
          f"{live_boundary.LIVE_GRID}² grid, neurons {live_neurons.NEURON_GRID}², "
          f"hidden {args.hidden}, {args.threads} thread(s)")  # fmt: skip
    print(f"run {wall:.2f} s, {begun.total_steps} steps, {1e3 * step_seconds:.3f} ms a step")
    print(f"{len(maps)} maps ({len(maps) / wall:.2f} a second), {1e3 * mean:.3f} ms each "
          f"= {mean / step_seconds:.2f} steps' time; {stored / 1024:.0f} KB stored, "
          f"{neurons / 1024:.0f} KB of it neurons")  # fmt: skip
    print(f"maps' share of the run: {100 * spent / wall:.2f} %")

    # The same run with and without the neurons, in turns (each first every other time), so the
    # host's load falls on both. The whole run's ratio swings with that load; the maps' own time
    # says what the neurons add: each run's share of its wall time spent on maps.
    walls: dict[bool, list[float]] = {True: [], False: []}
    shares: dict[bool, list[float]] = {True: [], False: []}
    for repeat in range(args.repeats):
        for with_neurons in (False, True) if repeat % 2 == 0 else (True, False):
            wall, _, spent = _train(args, with_neurons)
            walls[with_neurons].append(wall)
            shares[with_neurons].append(spent / wall)
    # Each pair ran back to back: the median of their ratios, and the fastest of each.
    ratios = sorted(a / b for a, b in zip(walls[True], walls[False], strict=True))
    median = statistics.median(ratios)
    print(f"with neurons / without, median of {args.repeats} pairs: {median:.3f} "
          f"(from {ratios[0]:.3f} to {ratios[-1]:.3f}); fastest of each: "
          f"{min(walls[True]):.2f} s / {min(walls[False]):.2f} s")  # fmt: skip
    share = {key: 100 * sum(values) / len(values) for key, values in shares.items()}
    print(f"maps' mean share of the run: {share[True]:.2f} % with neurons, "
          f"{share[False]:.2f} % without")  # fmt: skip


if __name__ == "__main__":
    main()
