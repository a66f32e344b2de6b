"""What the live decision boundary costs a 2-D run: its maps' time against the steps' time.

Trains a 2-D classification run as `torchcanvas.training.loop.train` does, its emit collecting
the events, and times each map (training/live_boundary.py) against the run and its steps.

    .venv/bin/python bench/boundary_maps.py [--dataset spiral] [--epochs 300] [--hidden 64]
                                            [--batch-size 32] [--threads 1]
"""

import argparse
import tempfile
import time
from pathlib import Path

import torch

from torchcanvas.design.schema import Design
from torchcanvas.training import live_boundary
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dataset", default="spiral")
    parser.add_argument("--epochs", type=int, default=300)
    parser.add_argument("--hidden", type=int, default=64)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

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
        session.restore()
        session.start()
        reason = None
        for epoch in session.epochs():
            reason = session.run_epoch(epoch) or session.end_epoch(epoch)
            if reason is not None:
                break
        session.finish(reason)
        wall = time.monotonic() - started
    assert session.maps is not None, "a 2-D classification run makes maps"
    maps = [e for e in events if isinstance(e, BoundaryEvent)]
    begun = next(e for e in events if isinstance(e, StartedEvent))
    last = [e for e in events if isinstance(e, ProgressEvent)][-1]
    step_seconds = last.elapsed / begun.total_steps
    stored = sum(len(e.model_dump_json()) + 20 for e in maps)
    mean = session.maps.spent / max(len(maps), 1)
    print(f"{args.dataset}, {args.epochs} epochs of {begun.steps_per_epoch} steps, "
          f"{live_boundary.LIVE_GRID}² grid, hidden {args.hidden}, {args.threads} thread(s)")  # fmt: skip
    print(f"run {wall:.2f} s, {begun.total_steps} steps, {1e3 * step_seconds:.3f} ms a step")
    print(f"{len(maps)} maps ({len(maps) / wall:.2f} a second), {1e3 * mean:.3f} ms each "
          f"= {mean / step_seconds:.2f} steps' time; {stored / 1024:.0f} KB stored")  # fmt: skip
    print(f"maps' share of the run: {100 * session.maps.spent / wall:.2f} %")


if __name__ == "__main__":
    main()
