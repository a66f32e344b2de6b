"""A queued run says about how long it waits for a worker: unknown until a run it waits for has
trained an epoch, then the epochs left of the runs ahead at their own time per epoch, shrinking as
they train (runs/queue_wait.py)."""

import time
from typing import Any

from fastapi.testclient import TestClient

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING, ENDED, LongRuns, wait_for
from torchcanvas.design.schema import Design
from torchcanvas.runs.queue_wait import QueueAhead, queue_wait
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


def _wait_of(client: TestClient, run_id: str) -> Any:
    run = client.get(f"/api/runs/{run_id}").json()
    assert run["status"] == "queued", run
    return run["queue_wait_seconds"]


def _epoch_of(client: TestClient, run_id: str) -> int:
    epoch: int = client.get(f"/api/runs/{run_id}").json()["metrics"]["epoch"]
    return epoch


def _wait_for_epoch(client: TestClient, run_id: str, epoch: int) -> None:
    deadline = time.monotonic() + 120
    while _epoch_of(client, run_id) < epoch:
        assert time.monotonic() < deadline, f"run {run_id} did not reach epoch {epoch}"
        time.sleep(0.05)


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
    _wait_for_epoch(client, ahead, 1)
    first = _wait_of(client, waiting)
    assert first is not None and first > 0
    # About its 5 epochs left at its time per epoch so far, as its record times them.
    run = client.get(f"/api/runs/{ahead}").json()
    per_epoch = (run["training_seconds"] + time.time() - run["training_since"]) / 1
    assert 0.5 * 5 * per_epoch < first < 1.5 * 5 * per_epoch
    # As the epoch under way goes on, the wait shrinks with it (it rose, counted per epoch so far).
    _wait_for_epoch(client, ahead, 2)
    before = _wait_of(client, waiting)
    time.sleep(0.3)
    assert _wait_of(client, waiting) < before
    _wait_for_epoch(client, ahead, 3)
    later = _wait_of(client, waiting)
    assert later is not None and later < 0.8 * first  # 2 or fewer epochs left of 5
    # Not queued any more: no estimate.
    client.post(f"/api/runs/{ahead}/cancel")
    wait_for(client, ahead, ENDED)
    assert client.get(f"/api/runs/{waiting}").json()["queue_wait_seconds"] is None
