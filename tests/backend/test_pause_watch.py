"""Paused runs make way for waiting runs after the limit, and only then; their end says why."""

from torchcanvas.runs.pause_watch import PausedRuns, PauseWatch
from torchcanvas.training.events import EndEvent, Metrics

STOPPED = EndEvent(status="cancelled", message="Stopped at step 7.", metrics=Metrics(step=7))


def _watch(queued: int, stoppable: bool = True) -> tuple[PauseWatch, list[str]]:
    stopped: list[str] = []

    def stop_run(run_id: str) -> bool:
        stopped.append(run_id)
        return stoppable

    return PauseWatch(PausedRuns(), lambda: queued, stop_run, limit=600), stopped


def test_a_run_paused_past_the_limit_makes_way_only_while_runs_wait() -> None:
    watch, stopped = _watch(queued=0)
    watch.paused.paused("old", now=0)
    watch.paused.paused("new", now=500)
    assert watch.check(now=700) == [] and stopped == []  # nobody waits: both keep their worker
    watch.queued = lambda: 1
    assert watch.check(now=700) == ["old"] and stopped == ["old"]  # "new" has 100 s to go
    end = watch.paused.explain("old", STOPPED)
    assert end.message == (
        "Stopped at step 7. It had been paused for 12 min while other runs waited for its "
        "worker, so it made way for them: press Continue to go on from where it stopped."
    )
    assert watch.paused.explain("old", STOPPED) == STOPPED  # said once


def test_a_resumed_run_is_not_stopped_and_others_end_as_they_said() -> None:
    watch, stopped = _watch(queued=3)
    watch.paused.paused("run", now=0)
    watch.paused.going("run")  # resumed
    assert watch.check(now=10_000) == [] and stopped == []
    assert watch.paused.explain("run", STOPPED) == STOPPED


def test_a_run_that_ended_before_it_could_be_stopped_keeps_its_own_end() -> None:
    watch, stopped = _watch(queued=1, stoppable=False)
    watch.paused.paused("run", now=0)
    assert watch.check(now=601) == ["run"] and stopped == ["run"]
    # Continued later and stopped by its owner: its end says only that.
    assert watch.paused.explain("run", STOPPED) == STOPPED
