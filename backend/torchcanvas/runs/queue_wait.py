"""About how long a queued run waits for a worker, from what the runs ahead of it have left:
each one's epochs left at the time per epoch it has trained so far. Rough by design: a run's
epochs vary, early stopping may end it sooner, and its owner may pause it."""

import heapq
from dataclasses import dataclass, field

from torchcanvas.store.runs import Run


def into_epoch(run: Run, now: float, ended_at: float | None) -> float:
    """Seconds the run has trained into its current epoch: since its last epoch ended or it last
    resumed, whichever came later; 0 while it does not train, or with no epoch end seen."""
    if run.training_since is None or ended_at is None:
        return 0.0
    return max(0.0, now - max(ended_at, run.training_since))


def epoch_seconds(run: Run, now: float, into: float = 0.0) -> float | None:
    """Seconds of training per epoch the run has taken so far, not counting the `into` seconds
    of the epoch under way; None before it ends an epoch."""
    if run.metrics.epoch < 1 or run.training_seconds is None:
        return None
    since = run.training_since
    trained = run.training_seconds + (max(0.0, now - since) if since is not None else 0.0)
    return max(0.0, trained - into) / run.metrics.epoch


@dataclass
class QueueAhead:
    """What a queued run waits for: the runs that hold the workers (training, paused, or handed
    to a worker that has yet to start them), and the queued runs that start before it, in order."""

    holding: list[Run]
    queued: list[Run]
    pause_ends: dict[str, float]  # paused run id -> when its pause ends at the latest (unix s)
    epoch_ends: dict[str, float] = field(default_factory=dict)  # run id -> its last epoch's end


def queue_wait(ahead: QueueAhead, now: float) -> float | None:
    """Seconds until a worker takes the run, or None ("unknown yet") while a run it waits for
    needs timing and none of them has trained an epoch. A run not yet timed is counted at the
    mean epoch time of those that are (the same workers); each queued run ahead takes the worker
    that frees first; a paused run's worker frees at its pause's end, where one is set."""
    runs = [*ahead.holding, *ahead.queued]
    into = {run.id: into_epoch(run, now, ahead.epoch_ends.get(run.id)) for run in runs}
    timed = [
        seconds for run in runs if (seconds := epoch_seconds(run, now, into[run.id])) is not None
    ]
    usual = sum(timed) / len(timed) if timed else None

    def left(run: Run) -> float | None:
        """Seconds the run has left to train: its epochs left, less what it has trained of the
        one under way; None with no time per epoch to count by."""
        per_epoch = epoch_seconds(run, now, into[run.id])
        if per_epoch is None:
            per_epoch = usual
        if per_epoch is None:
            return None
        epochs = max(0, run.training.epochs - run.metrics.epoch)
        return max(0.0, epochs * per_epoch - into[run.id])

    # When each worker frees: a paused run's at its pause's end, since it is stopped then to make
    # way; the others' as they finish. With none held, the next worker to be ready takes it.
    frees = [
        max(0.0, ahead.pause_ends[run.id] - now)
        if run.status == "paused" and run.id in ahead.pause_ends
        else left(run)
        for run in ahead.holding
    ]
    queued = [left(run) for run in ahead.queued]
    if None in frees or None in queued:
        return None
    free = [at for at in frees if at is not None] or [0.0]
    heapq.heapify(free)
    for seconds in (at for at in queued if at is not None):
        heapq.heappush(free, heapq.heappop(free) + seconds)
    return free[0]
