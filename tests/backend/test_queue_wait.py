"""A queued run says about how long it waits for a worker: unknown until a run it waits for has
trained an epoch, then the epochs left of the runs ahead at their own time per epoch, shrinking as
they train (runs/queue_wait.py)."""

import random
import time
from typing import Any

from fastapi.testclient import TestClient

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING, ENDED, LongRuns, wait_for
from tests.backend.queue_wait_reference import reference_wait
from torchcanvas.design.schema import Design
from torchcanvas.runs.queue_wait import QueueAhead, queue_wait, queue_waits
from torchcanvas.store.runs import Run
from torchcanvas.training.events import Metrics
from torchcanvas.training.settings import TrainingSettings

NOW = 1_000_000.0


def _run(run_id: str, status: str, epochs: int, done: int = 0, trained: float = 0.0) -> Run:
    """A run of `epochs` that has trained `done` of them in `trained` seconds, its clock stopped."""
    return Run(
        id=run_id,
        status=status,  # type: ignore[arg-type]
        created_at=NOW,
        started_at=None,
        finished_at=None,
        design=Design.model_validate(DIGITS_CNN),
        training=TrainingSettings.model_validate({**DIGITS_TRAINING, "epochs": epochs}),
        metrics=Metrics(epoch=done),
        error=None,
        device=None,
        training_seconds=trained,
    )


def test_the_wait_is_unknown_until_a_run_it_waits_for_has_trained_an_epoch() -> None:
    fresh = _run("a", "running", epochs=10)
    assert queue_wait(QueueAhead([fresh], [_run("b", "queued", 5)], {}), NOW) is None
    assert queue_wait(QueueAhead([], [], {}), NOW) == 0.0  # nothing ahead: the next worker


def test_the_runs_ahead_take_the_worker_that_frees_first() -> None:
    # Two workers: one frees in 8 x 2 s, the other in 1 x 3 s; the queued run ahead (5 epochs,
    # untimed: the mean 2.5 s each) takes the second, which then frees at 3 + 12.5 s.
    slow = _run("a", "running", epochs=10, done=2, trained=4.0)
    quick = _run("b", "running", epochs=3, done=2, trained=6.0)
    queued = _run("c", "queued", epochs=5)
    assert queue_wait(QueueAhead([slow, quick], [queued], {}), NOW) == 15.5
    # The clock of a run that trains now counts up to now: 3 s per epoch, 1 left.
    ticking = _run("d", "running", epochs=2, done=1, trained=1.0).model_copy(
        update={"training_since": NOW - 2.0}
    )
    assert queue_wait(QueueAhead([ticking], [], {}), NOW) == 3.0
    # 1 s into its third epoch (its last ended 1 s ago): 6 s over 2 epochs, 3 s each, 8 left,
    # less the second it has trained of the one under way.
    into = _run("f", "running", epochs=10, done=2, trained=4.0).model_copy(
        update={"training_since": NOW - 3.0}
    )
    assert queue_wait(QueueAhead([into], [], {}, {"f": NOW - 1.0}), NOW) == 23.0
    # Resumed 3 s ago, since its last epoch ended: into it since the resume only (its 4 s before
    # count as its 2 epochs', 2 s each): 8 x 2 - 3.
    assert queue_wait(QueueAhead([into], [], {}, {"f": NOW - 10.0}), NOW) == 13.0
    # A paused run's worker frees when its pause ends, at the latest.
    paused = _run("e", "paused", epochs=100, done=1, trained=10.0)
    assert queue_wait(QueueAhead([paused], [], {"e": NOW + 60}), NOW) == 60.0
    # Known without any epoch timed: a paused run not yet timed frees its worker at its end.
    fresh_paused = _run("g", "paused", epochs=100)
    assert queue_wait(QueueAhead([fresh_paused], [], {"g": NOW + 30}), NOW) == 30.0
    # But a queued run ahead of it needs timing: unknown yet.
    ahead = QueueAhead([fresh_paused], [_run("h", "queued", 5)], {"g": NOW + 30})
    assert queue_wait(ahead, NOW) is None


def _random_queue(rng: random.Random) -> QueueAhead:
    """Runs holding workers (training or paused, timed or not, some into an epoch, some with a
    pause end) and queued runs, most new, some continued (timed already)."""
    holding: list[Run] = []
    ends, epoch_ends = {}, {}
    for i in range(rng.randint(0, 4)):
        done = rng.choice([0, 0, 1, 3])
        run = _run(f"h{i}", rng.choice(["running", "running", "paused"]), 20, done, 7.0 * done)
        if run.status == "running" and rng.random() < 0.7:
            run = run.model_copy(update={"training_since": NOW - rng.uniform(0, 9)})
            if rng.random() < 0.7:
                epoch_ends[run.id] = NOW - rng.uniform(0, 5)
        if run.status == "paused" and rng.random() < 0.6:
            ends[run.id] = NOW + rng.uniform(-5, 60)
        holding.append(run)
    queued = [
        _run(f"q{i}", "queued", rng.randint(1, 9), done, rng.uniform(1, 30) * done)
        for i in range(rng.randint(0, 12))
        if (done := rng.choice([0, 0, 0, 2])) is not None
    ]
    return QueueAhead(holding, queued, ends, epoch_ends)


def test_one_pass_gives_every_queued_run_the_wait_worked_out_for_it_alone() -> None:
    # Each queued run's wait, as the code before worked it out from the runs ahead of it alone
    # (the mean epoch time over those ahead, the queued ones ahead taking workers in turn).
    rng = random.Random(7)
    for _ in range(400):
        ahead = _random_queue(rng)
        holding, queued = list(ahead.holding), list(ahead.queued)
        expected = [
            reference_wait(holding, queued[:i], ahead, NOW)  # type: ignore[arg-type]
            for i in range(len(queued) + 1)
        ]
        assert queue_waits(ahead, NOW) == expected, ahead


def _wait_of(client: TestClient, run_id: str) -> Any:
    run = client.get(f"/api/runs/{run_id}").json()
    assert run["status"] == "queued", run
    return run["queue_wait_seconds"]


def _epoch_of(client: TestClient, run_id: str) -> int:
    epoch: int = client.get(f"/api/runs/{run_id}").json()["metrics"]["epoch"]
    return epoch


def _wait_for_epoch(client: TestClient, run_id: str, epoch: int) -> float:
    """Waits until the run has ended `epoch` epochs, or one more where it had at the first look;
    returns a time before it had (the last look that saw fewer began then): its epoch under way
    began after it."""
    deadline = time.monotonic() + 120
    fewer_seen = None
    while True:
        looked = time.time()
        done = _epoch_of(client, run_id)
        if fewer_seen is None and done >= epoch:
            epoch = done + 1  # never seen short of it: the next one, then
        if done >= epoch and fewer_seen is not None:
            return fewer_seen
        fewer_seen = looked
        assert time.monotonic() < deadline, f"run {run_id} did not reach epoch {epoch}"
        time.sleep(0.05)


def _check_epochs_left(client: TestClient, ahead: str, waiting: str, fewer_seen: float) -> float:
    """The waiting run's wait is the run ahead's epochs left at its time per epoch, less what it
    has trained of the epoch under way: `epochs_left * (trained - into) / epochs - into`, with
    `into` between 0 and the time since `fewer_seen` (its last epoch ended after that), and its
    training time read from its record on either side of the ask. Returns the wait."""
    for _ in range(20):
        before = client.get(f"/api/runs/{ahead}").json()
        asked = time.time()
        wait = _wait_of(client, waiting)
        answered = time.time()
        after = client.get(f"/api/runs/{ahead}").json()
        if before["metrics"]["epoch"] == after["metrics"]["epoch"]:
            break  # no epoch ended meanwhile (else: ask again)
    else:
        raise AssertionError("an epoch ended at every one of 20 asks")
    assert wait is not None and after["status"] == "running", after
    done = after["metrics"]["epoch"]
    left = after["training"]["epochs"] - done
    trained_at_least = after["training_seconds"] + asked - after["training_since"]
    trained_at_most = after["training_seconds"] + answered - after["training_since"]
    into_at_most = answered - fewer_seen
    least = left * (trained_at_least - into_at_most) / done - into_at_most
    most = left * trained_at_most / done
    assert max(0.0, least) - 1e-6 <= wait <= most + 1e-6, (wait, least, most, done)
    return float(wait)


def test_a_queued_run_waits_about_the_epochs_left_ahead_of_it(
    client: TestClient, long_runs: LongRuns
) -> None:
    # Epochs of a second or more (a batch of 2), so the first is seen under way.
    ahead = long_runs(client, epochs=6, batch_size=2)
    waiting = long_runs(client, epochs=1)
    wait_for(client, ahead, {"running"})
    wait = _wait_of(client, waiting)
    if _epoch_of(client, ahead) == 0:  # read after the wait: no epoch of it had ended then
        assert wait is None  # "unknown yet"
    # Its 5 epochs left, then 3, each at its time per epoch so far.
    _check_epochs_left(client, ahead, waiting, _wait_for_epoch(client, ahead, 1))
    # As the epoch under way goes on, the wait shrinks with it (it rose, counted per epoch so
    # far): two asks with no epoch ended between them.
    _wait_for_epoch(client, ahead, 2)
    for _ in range(20):
        epoch = _epoch_of(client, ahead)
        before = _wait_of(client, waiting)
        time.sleep(0.3)
        now = _wait_of(client, waiting)
        if _epoch_of(client, ahead) == epoch:
            assert now < before, (before, now)
            break
    else:
        raise AssertionError("an epoch ended in each of 20 tries")
    _check_epochs_left(client, ahead, waiting, _wait_for_epoch(client, ahead, 3))
    # Not queued any more: no estimate.
    client.post(f"/api/runs/{ahead}/cancel")
    wait_for(client, ahead, ENDED)
    assert client.get(f"/api/runs/{waiting}").json()["queue_wait_seconds"] is None
