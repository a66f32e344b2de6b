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
    # A paused run's worker frees when its pause ends, at the latest.
    paused = _run("e", "paused", epochs=100, done=1, trained=10.0)
    assert queue_wait(QueueAhead([paused], [], {"e": NOW + 60}), NOW) == 60.0


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
    _wait_for_epoch(client, ahead, 3)
    later = _wait_of(client, waiting)
    assert later is not None and later < 0.8 * first  # 2 or fewer epochs left of 5
    # Not queued any more: no estimate.
    client.post(f"/api/runs/{ahead}/cancel")
    wait_for(client, ahead, ENDED)
    assert client.get(f"/api/runs/{waiting}").json()["queue_wait_seconds"] is None
