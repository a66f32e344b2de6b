"""Paused runs make way for waiting runs after the limit, and only then; their end says why."""

import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from fastapi.testclient import TestClient

from tests.backend.conftest import LongRuns, open_client, read_socket, start_run, wait_for
from torchcanvas.runs.errors import RunConflict
from torchcanvas.runs.pause_watch import PausedRuns, PauseWatch
from torchcanvas.runs.service import RunService
from torchcanvas.training.events import EndEvent, Metrics

STOPPED = EndEvent(status="cancelled", message="Stopped at step 7.", metrics=Metrics(step=7))


def _watch(waiting: int, stoppable: bool = True) -> tuple[PauseWatch, list[str]]:
    stopped: list[str] = []

    def stop_run(run_id: str) -> bool:
        stopped.append(run_id)
        return stoppable

    return PauseWatch(PausedRuns(), lambda: waiting, stop_run, limit=600), stopped


def test_a_run_paused_past_the_limit_makes_way_only_while_runs_wait() -> None:
    watch, stopped = _watch(waiting=0)
    watch.paused.paused("old", now=0)
    watch.paused.paused("new", now=500)
    assert watch.check(now=700) == [] and stopped == []  # nobody waits: both keep their worker
    watch.waiting = lambda: 1
    assert watch.check(now=700) == ["old"] and stopped == ["old"]  # "new" has 100 s to go
    end = watch.paused.explain("old", STOPPED)
    assert end.message == (
        "Stopped at step 7. It had been paused for 12 min while other runs waited for its "
        "worker, so it made way for them: press Continue to go on from where it stopped."
    )
    assert watch.paused.explain("old", STOPPED) == STOPPED  # said once


def test_a_resumed_run_is_not_stopped_and_others_end_as_they_said() -> None:
    watch, stopped = _watch(waiting=3)
    watch.paused.paused("run", now=0)
    watch.paused.going("run")  # resumed
    assert watch.check(now=10_000) == [] and stopped == []
    assert watch.paused.explain("run", STOPPED) == STOPPED


def test_a_run_that_ended_before_it_could_be_stopped_keeps_its_own_end() -> None:
    watch, stopped = _watch(waiting=1, stoppable=False)
    watch.paused.paused("run", now=0)
    assert watch.check(now=601) == ["run"] and stopped == ["run"]
    # Continued later and stopped by its owner: its end says only that.
    assert watch.paused.explain("run", STOPPED) == STOPPED


def test_a_run_being_resumed_is_left_alone_even_before_its_resumed_event() -> None:
    watch, stopped = _watch(waiting=1)
    watch.paused.paused("run", now=0)
    with watch.paused.resuming("run"):  # its worker is being told
        assert watch.check(now=10_000) == []
    assert watch.check(now=10_000) == [] and stopped == []  # its Resumed event is on its way


def test_resume_is_refused_once_the_watch_has_chosen_the_run() -> None:
    watch, stopped = _watch(waiting=1)
    watch.paused.paused("run", now=0)
    assert watch.check(now=720) == ["run"] and stopped == ["run"]
    with pytest.raises(RunConflict) as refused, watch.paused.resuming("run"):
        pytest.fail("a run the watch has chosen was resumed")
    assert str(refused.value) == (
        "Run run had been paused for 12 min while other runs waited for its worker, so it was "
        "stopped to make way for them: once it has stopped, press Continue to go on from where "
        "it stopped."
    )


@pytest.fixture(scope="module")
def two_workers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with open_client(tmp_path_factory.mktemp("pause-watch"), workers=2) as client:
        yield client


def _service(client: TestClient) -> RunService:
    service: RunService = client.app.state.services.run_service  # type: ignore[attr-defined]
    return service


@contextmanager
def _unrecorded(client: TestClient) -> Iterator[None]:
    """Holds what the workers send until the block ends: their events wait, in order."""
    with _service(client).recorder._lock:
        yield


def _wait_until_handed_over(client: TestClient, run_id: str) -> None:
    """Waits for the run to leave the queue for a worker (the second may still be warming up)."""
    executor, deadline = _service(client).executor, time.monotonic() + 60
    while executor.queue_position(run_id) is not None:
        assert time.monotonic() < deadline, f"run {run_id} was never handed to a worker"
        time.sleep(0.02)


def _paused(client: TestClient, long_runs: LongRuns) -> str:
    run_id = long_runs(client)
    wait_for(client, run_id, {"running"})
    assert client.post(f"/api/runs/{run_id}/pause").status_code == 200
    wait_for(client, run_id, {"paused"})
    return run_id


def test_a_run_handed_to_a_worker_is_not_counted_as_waiting(
    two_workers: TestClient, long_runs: LongRuns
) -> None:
    """Until its worker starts it, the database says `queued`: nobody waits for the paused run."""
    watch = _service(two_workers).pause_watch
    paused = _paused(two_workers, long_runs)
    with _unrecorded(two_workers):  # its Started event waits: the database says queued
        starting = long_runs(two_workers)
        assert two_workers.get(f"/api/runs/{starting}").json()["status"] == "queued"
        _wait_until_handed_over(two_workers, starting)
        assert watch.check(now=time.monotonic() + 2 * watch.limit) == []
    wait_for(two_workers, starting, {"running"})
    assert two_workers.get(f"/api/runs/{paused}").json()["status"] == "paused"


def test_resume_and_the_pause_watch_exclude_each_other(
    two_workers: TestClient, long_runs: LongRuns
) -> None:
    watch = _service(two_workers).pause_watch
    paused = _paused(two_workers, long_runs)
    wait_for(two_workers, long_runs(two_workers), {"running"})  # on the other worker
    waiting = start_run(two_workers, epochs=1)
    assert two_workers.get(f"/api/runs/{waiting}").json()["queue_position"] == 1
    overdue = time.monotonic() + 2 * watch.limit
    # Resume first, the watch's look before the run's Resumed event is stored: Resume wins.
    with _unrecorded(two_workers):
        assert two_workers.post(f"/api/runs/{paused}/resume").status_code == 200
        assert watch.check(now=overdue) == []
    wait_for(two_workers, paused, {"running"})
    # The watch chooses the run first, Resume comes before it is stopped: the stop wins.
    assert two_workers.post(f"/api/runs/{paused}/pause").status_code == 200
    wait_for(two_workers, paused, {"paused"})
    assert watch.paused.overdue(watch.limit, now=time.monotonic() + 2 * watch.limit) == [paused]
    for action in ("resume", "step"):  # a Step would train on a run about to stop
        refused = two_workers.post(f"/api/runs/{paused}/{action}")
        assert refused.status_code == 409, refused.text
        assert refused.json()["detail"].endswith(
            "so it was stopped to make way for them: once it has stopped, press Continue to go "
            "on from where it stopped."
        )
    assert watch.stop_run(paused)
    wait_for(two_workers, paused, {"cancelled"})
    assert "so it made way for them" in read_socket(two_workers, paused)[-1]["message"]
    two_workers.post(f"/api/runs/{waiting}/cancel")


def test_a_stop_chosen_as_its_run_ended_does_not_refuse_a_later_resume(
    two_workers: TestClient,
) -> None:
    """The watch can choose a run as its owner stops it: its worker, yet to say it is done,
    takes the stop, but the end has been stored without it. Continued later, it resumes."""
    watch = _service(two_workers).pause_watch
    run_id = start_run(two_workers, epochs=1)
    wait_for(two_workers, run_id, {"succeeded"})
    watch.paused.paused(run_id, now=0)  # what such a late look leaves
    assert watch.paused.overdue(watch.limit, now=2 * watch.limit) == [run_id]
    continued = two_workers.post(f"/api/runs/{run_id}/continue", json={"epochs": 500})
    assert continued.status_code == 200, continued.text
    wait_for(two_workers, run_id, {"running"})
    assert two_workers.post(f"/api/runs/{run_id}/pause").status_code == 200
    wait_for(two_workers, run_id, {"paused"})
    resumed = two_workers.post(f"/api/runs/{run_id}/resume")
    assert resumed.status_code == 200, resumed.text
    two_workers.post(f"/api/runs/{run_id}/cancel")
    wait_for(two_workers, run_id, {"cancelled"})
