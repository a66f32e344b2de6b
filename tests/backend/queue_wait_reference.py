"""The queue's wait estimate as it was worked out for one run at a time (runs/queue_wait.py at
a80546d), kept as the oracle that the one pass over the whole queue must agree with."""

import heapq

from torchcanvas.runs.queue_wait import QueueAhead
from torchcanvas.store.runs import Run


def _into_epoch(run: Run, now: float, ended_at: float | None) -> float:
    if run.training_since is None or ended_at is None:
        return 0.0
    return max(0.0, now - max(ended_at, run.training_since))


def _epoch_seconds(run: Run, now: float, into: float = 0.0) -> float | None:
    if run.metrics.epoch < 1 or run.training_seconds is None:
        return None
    since = run.training_since
    trained = run.training_seconds + (max(0.0, now - since) if since is not None else 0.0)
    return max(0.0, trained - into) / run.metrics.epoch


def reference_wait(
    holding: list[Run], queued: list[Run], ahead: QueueAhead, now: float
) -> float | None:
    """The wait of a run queued behind `queued`, as the per-run code worked it out."""
    runs = [*holding, *queued]
    into = {run.id: _into_epoch(run, now, ahead.epoch_ends.get(run.id)) for run in runs}
    timed = [
        seconds for run in runs if (seconds := _epoch_seconds(run, now, into[run.id])) is not None
    ]
    usual = sum(timed) / len(timed) if timed else None

    def left(run: Run) -> float | None:
        per_epoch = _epoch_seconds(run, now, into[run.id])
        if per_epoch is None:
            per_epoch = usual
        if per_epoch is None:
            return None
        epochs = max(0, run.training.epochs - run.metrics.epoch)
        return max(0.0, epochs * per_epoch - into[run.id])

    frees = [
        max(0.0, ahead.pause_ends[run.id] - now)
        if run.status == "paused" and run.id in ahead.pause_ends
        else left(run)
        for run in holding
    ]
    takes = [left(run) for run in queued]
    if None in frees or None in takes:
        return None
    free = [at for at in frees if at is not None] or [0.0]
    heapq.heapify(free)
    for took in (at for at in takes if at is not None):
        heapq.heappush(free, heapq.heappop(free) + took)
    return free[0]
