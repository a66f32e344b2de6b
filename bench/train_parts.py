"""Where a TorchCanvas run's time goes beside a hand-written loop's, part by part.

`train_overhead.py` gives the ratio of whole runs, which the host's other tenants move by several
per cent on a shared machine. This splits the same two runs into their parts, timed inside each run
by the wall clock (one thread, otherwise idle: wall time is CPU time; a read of perf_counter costs
0.05 µs, of process time 0.6 µs, which on a short step would show), so that each part of
TorchCanvas's extra work can be read on its own: the steps themselves, the validation pass,
progress frames, looks inside the network, checkpoints, and setting up and finishing. Runs
alternate; each part's median over the runs is shown as a share of the hand-written run.

    .venv/bin/python bench/train_parts.py [--model digits|wide] [--epochs 40] [--repeats 15]
"""

import argparse
import functools
import statistics
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

import torch

from torchcanvas.runs.allocator import keep_freed_memory
from torchcanvas.training import epoch as epoch_module
from torchcanvas.training import epoch_end
from torchcanvas.training.insight_watch import Watch
from torchcanvas.training.session import TrainingSession
from train_overhead import train_by_hand, train_by_torchcanvas

Parts = dict[str, float]
_spent: Parts = defaultdict(float)  # seconds in each wrapped part of the run under way


def _timed_part(owner: Any, name: str, part: str) -> None:
    """Wraps owner.name so that its time is added to `part` (nested parts are not
    taken out of the part around them; `steps` is worked out below)."""
    inner = getattr(owner, name)

    @functools.wraps(inner)
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            _spent[part] += time.perf_counter() - started

    setattr(owner, name, timed)


def _instrument() -> None:
    for name in ("load_data", "build", "restore", "start", "finish"):
        _timed_part(TrainingSession, name, "set up and finish")
    _timed_part(TrainingSession, "run_epoch", "epochs")
    _timed_part(epoch_module, "_send_frame", "frames")
    _timed_part(TrainingSession, "checkpoint", "checkpoints")
    _timed_part(epoch_end, "evaluate", "validation")
    for name in ("before_step", "after_step", "frame_done"):
        _timed_part(Watch, name, "looks inside")


def hand_parts(model_name: str, epochs: int) -> Parts:
    """train_overhead's hand-written loop, with its steps and its validation timed apart."""
    parts: Parts = {}
    begun = time.perf_counter()
    train_by_hand(model_name, epochs, torch.device("cpu"), parts)
    parts["set up and finish"] = time.perf_counter() - begun - sum(parts.values())
    return parts


def canvas_parts(model_name: str, epochs: int, folder: str) -> Parts:
    _spent.clear()
    begun = time.perf_counter()
    train_by_torchcanvas(model_name, epochs, torch.device("cpu"), folder)
    total = time.perf_counter() - begun
    parts = dict(_spent)
    # run_epoch holds the steps, frames, looks and any checkpoint of a stop; end_epoch holds the
    # validation pass and the epoch-end checkpoints.
    inside = parts["frames"] + parts["looks inside"]
    parts["steps"] = parts.pop("epochs") - inside
    # Set-up and finish: what their methods took and whatever no part holds (the events' making,
    # end_epoch's own work), which is the run's time less the other parts.
    parts["set up and finish"] = total - sum(
        v for k, v in parts.items() if k != "set up and finish"
    )
    return parts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", choices=["digits", "wide"], default="digits")
    parser.add_argument("--epochs", type=int, default=40)
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    keep_freed_memory()  # as a worker's process is
    torch.set_num_threads(1)
    _instrument()
    runs: dict[str, list[Parts]] = {"hand": [], "canvas": []}
    with tempfile.TemporaryDirectory() as folder:
        sides: dict[str, Callable[[], Parts]] = {
            "hand": lambda: hand_parts(args.model, args.epochs),
            "canvas": lambda: canvas_parts(args.model, args.epochs, folder),
        }
        for side in sides.values():  # warm-up
            side()
        for repeat in range(args.repeats):
            for name in ("hand", "canvas") if repeat % 2 == 0 else ("canvas", "hand"):
                runs[name].append(sides[name]())
    hand_total = statistics.median(sum(p.values()) for p in runs["hand"])
    print(
        f"model={args.model} epochs={args.epochs} threads=1, medians of {args.repeats} runs each, "
        f"as a share of the hand-written run ({1000 * hand_total:.0f} ms)"
    )
    print(f"  {'part':<20} {'hand':>8} {'TorchCanvas':>12} {'extra':>8}")
    names = ["steps", "validation", "frames", "looks inside", "checkpoints", "set up and finish"]
    extra_total = 0.0
    for name in names:
        hand = statistics.median(p.get(name, 0.0) for p in runs["hand"]) / hand_total
        canvas = statistics.median(p.get(name, 0.0) for p in runs["canvas"]) / hand_total
        extra_total += canvas - hand
        print(
            f"  {name:<20} {100 * hand:7.1f}% {100 * canvas:11.1f}% {100 * (canvas - hand):+7.1f}%"
        )
    print(
        f"  sum of the extras: {100 * extra_total:+.1f}%, so a ratio of about {1 / (1 + extra_total):.3f}"
    )


if __name__ == "__main__":
    main()
