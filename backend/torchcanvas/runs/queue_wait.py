"""About how long a queued run waits for a worker, from what the runs ahead of it have left:
each one's epochs left at the time per epoch it has trained so far. Rough by design: a run's
epochs vary, early stopping may end it sooner, and its owner may pause it.

The whole queue is worked out in one pass (`queue_waits`): the workers' free times after the
first i queued runs are the next run's wait, so each queued run's wait costs one heap step, not
a pass over the runs ahead of it."""

import heapq
from collections.abc import Sequence
from dataclasses import dataclass, field

from torchcanvas.store.run_paces import RunPace
from torchcanvas.store.runs import Run


def into_epoch(run: RunPace, now: float, ended_at: float | None) -> float:
    """Seconds the run has trained into its current epoch: since its last epoch ended or it last
    resumed, whichever came later; 0 while it does not train, or with no epoch end seen."""
    if run.training_since is None or ended_at is None:
        return 0.0
    return max(0.0, now - max(ended_at, run.training_since))


def epoch_seconds(run: RunPace, now: float, into: float = 0.0) -> float | None:
    """Seconds of training per epoch the run has taken so far, not counting the `into` seconds
    of the epoch under way; None before it ends an epoch."""
    if run.epochs_done < 1 or run.training_seconds is None:
        return None
    since = run.training_since
    trained = run.training_seconds + (max(0.0, now - since) if since is not None else 0.0)
    return max(0.0, trained - into) / run.epochs_done


@dataclass
class QueueAhead:
    """What queued runs wait for: the runs that hold the workers (training, paused, or handed
    to a worker that has yet to start them), and the queued runs, in the order they start."""

    holding: Sequence[Run | RunPace]
    queued: Sequence[Run | RunPace]
    pause_ends: dict[str, float]  # paused run id -> when its pause ends at the latest (unix s)
    epoch_ends: dict[str, float] = field(default_factory=dict)  # run id -> its last epoch's end


def queue_wait(ahead: QueueAhead, now: float) -> float | None:
    """Seconds until a worker takes a run queued behind all of `ahead.queued`, or None
    ("unknown yet"): see `queue_waits`."""
    return queue_waits(ahead, now)[-1]


def queue_waits(ahead: QueueAhead, now: float) -> list[float | None]:
    """The wait of a run queued behind the first i of `ahead.queued`, for i from 0 to all of
    them: seconds until a worker takes it, or None ("unknown yet") while a run it waits for
    needs timing and none of them has trained an epoch. A run not yet timed is counted at the
    mean epoch time of those ahead that are (the same workers); each queued run ahead takes the
    worker that frees first; a paused run's worker frees at its pause's end, where one is set."""
    paces = _Paces(ahead, now)
    own, queued = paces.own, paces.queued
    timed = [own[run.id] for run in paces.holding if own[run.id] is not None]
    total = sum(t for t in timed if t is not None)
    usual = total / len(timed) if timed else None
    leans_on_usual = any(  # a run whose time left is counted at the mean
        own[run.id] is None for run in paces.holding if not paces.held_by_pause(run)
    )
    free = paces.frees([], usual)
    waits: list[float | None] = []
    for i, run in enumerate(queued):
        waits.append(free[0] if free is not None else None)
        if (seconds := own[run.id]) is not None:  # the mean counts it from the next run on
            total += seconds
            timed.append(seconds)
            before, usual = usual, total / len(timed)
            if leans_on_usual and usual != before:
                free = paces.frees(queued[: i + 1], usual)
                continue
        leans_on_usual = leans_on_usual or own[run.id] is None
        took = paces.left(run, usual)
        if took is None:
            free = None
        elif free is not None:
            heapq.heapreplace(free, free[0] + took)
    waits.append(free[0] if free is not None else None)
    return waits


class _Paces:
    """The runs ahead at `now`: each one's time into its epoch and its own time per epoch, and
    from those, how long each has left and when the workers free."""

    def __init__(self, ahead: QueueAhead, now: float) -> None:
        self.ahead, self.now = ahead, now
        self.holding = [
            run if isinstance(run, RunPace) else RunPace.of(run) for run in ahead.holding
        ]
        self.queued = [run if isinstance(run, RunPace) else RunPace.of(run) for run in ahead.queued]
        runs = [*self.holding, *self.queued]
        self.into = {run.id: into_epoch(run, now, ahead.epoch_ends.get(run.id)) for run in runs}
        self.own = {run.id: epoch_seconds(run, now, self.into[run.id]) for run in runs}

    def held_by_pause(self, run: RunPace) -> bool:
        """Whether the run's worker frees at its pause's end, not as it finishes."""
        return run.status == "paused" and run.id in self.ahead.pause_ends

    def left(self, run: RunPace, usual: float | None) -> float | None:
        """Seconds the run has left to train: its epochs left, less what it has trained of the
        one under way; None with no time per epoch to count by."""
        per_epoch = self.own[run.id] if self.own[run.id] is not None else usual
        if per_epoch is None:
            return None
        epochs = max(0, run.epochs - run.epochs_done)
        return max(0.0, epochs * per_epoch - self.into[run.id])

    def frees(self, ahead_of: list[RunPace], usual: float | None) -> list[float] | None:
        """The workers' free times once the queued runs `ahead_of` have taken theirs.

        When each worker frees: a paused run's at its pause's end, since it is stopped then to
        make way; the others' as they finish. With none held, the next worker to be ready takes
        it. Only the runs not yet timed count at `usual`, so the heap is built again only when
        the mean changes (a timed run queued ahead) with one of those in it."""
        at = [
            max(0.0, self.ahead.pause_ends[run.id] - self.now)
            if self.held_by_pause(run)
            else self.left(run, usual)
            for run in self.holding
        ]
        seconds = [self.left(run, usual) for run in ahead_of]
        if None in at or None in seconds:
            return None
        free = [when for when in at if when is not None] or [0.0]
        heapq.heapify(free)
        for took in (s for s in seconds if s is not None):
            heapq.heapreplace(free, free[0] + took)
        return free
