"""About how long a queued run waits for a worker, from what the runs ahead of it have left:
each one's epochs left at the time per epoch it has trained so far. Rough by design: a run's
epochs vary, early stopping may end it sooner, and its owner may pause it."""

import heapq
from dataclasses import dataclass

from torchcanvas.store.runs import Run


def epoch_seconds(run: Run, now: float) -> float | None:
    """Seconds of training per epoch the run has taken so far; None before it ends an epoch."""
    if run.metrics.epoch < 1 or run.training_seconds is None:
        return None
    since = run.training_since
    trained = run.training_seconds + (max(0.0, now - since) if since is not None else 0.0)
    return trained / run.metrics.epoch


@dataclass
class QueueAhead:
    """What a queued run waits for: the runs that hold the workers (training, paused, or handed
    to a worker that has yet to start them), and the queued runs that start before it, in order."""

    holding: list[Run]
    queued: list[Run]
    pause_ends: dict[str, float]  # paused run id -> when its pause ends at the latest (unix s)


def queue_wait(ahead: QueueAhead, now: float) -> float | None:
    """Seconds until a worker takes the run, or None ("unknown yet") while no run that it
    waits for has trained an epoch. A run not yet timed is counted at the mean epoch time of
    those that are (the same workers); each queued run ahead takes the worker that frees first."""
    runs = [*ahead.holding, *ahead.queued]
    if not runs:
        return 0.0  # nothing ahead: the next worker to be ready takes it
    timed = [seconds for run in runs if (seconds := epoch_seconds(run, now)) is not None]
    if not timed:
        return None
    usual = sum(timed) / len(timed)

    def left(run: Run) -> float:
        """Seconds the run has left to train."""
        per_epoch = epoch_seconds(run, now)
        epochs = max(0, run.training.epochs - run.metrics.epoch)
        return epochs * (usual if per_epoch is None else per_epoch)

    # When each worker frees: a paused run's at its pause's end, where one is set, since it is
    # stopped then to make way; the others' as they finish.
    free = [
        max(0.0, ahead.pause_ends[run.id] - now)
        if run.status == "paused" and run.id in ahead.pause_ends
        else left(run)
        for run in ahead.holding
    ] or [0.0]
    heapq.heapify(free)
    for run in ahead.queued:
        heapq.heappush(free, heapq.heappop(free) + left(run))
    return free[0]
