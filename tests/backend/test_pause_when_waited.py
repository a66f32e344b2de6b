"""While runs wait for a worker, a paused run holding one makes way soon (2 min by default), and
both sides are told: the paused run how many wait and when its pause ends, the waiting runs that
they wait for a paused run, and when that pause ends at the latest. A classmate's queued run was
told nothing (its `paused_ahead` listed only its own owner's paused runs) and waited 10 minutes."""

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.backend.conftest import LongRuns, read_socket, wait_for
from torchcanvas.api.app import create_app
from torchcanvas.config import ServerConfig
from torchcanvas.runs.pause_watch import PausedRuns, PauseWatch

WHEN_WAITED = 4.0  # seconds: the short hold, made small so the test takes seconds


def test_a_pause_ends_soon_once_runs_wait_and_at_the_long_limit_at_the_latest() -> None:
    stopped: list[str] = []
    count = 0
    watch = PauseWatch(
        PausedRuns(), lambda: count, lambda r: not stopped.append(r), limit=600, when_waited=120
    )
    watch.paused.paused("early", now=0)  # paused long before anyone waits
    watch.paused.paused("late", now=1000)
    assert watch.check(now=1000) == []  # nobody waits: no end at all
    assert watch.paused.ends(600, 120) == {}
    count = 1
    assert watch.check(now=1010) == ["early"]  # past its 10 minutes: makes way at once
    assert watch.paused.ends(600, 120) == {"late": 1130}  # 2 minutes from when runs waited
    assert watch.check(now=1129) == []
    count = 0  # the waiting run took another worker: the short hold starts over later
    assert watch.check(now=1129.5) == [] and watch.paused.ends(600, 120) == {}
    count = 2
    assert watch.check(now=1200) == [] and watch.paused.ends(600, 120) == {"late": 1320}
    assert watch.check(now=1320) == ["late"] and stopped == ["early", "late"]


@pytest.fixture(scope="module")
def quick(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A server with one worker whose paused runs make way WHEN_WAITED s after runs wait."""
    settings = ServerConfig(
        pin_cores=False,
        data_dir=Path(tmp_path_factory.mktemp("pause-when-waited")),
        workers=1,
        worker_threads=1,
        pause_seconds_when_waited=WHEN_WAITED,
    )
    with TestClient(create_app(settings)) as client:
        yield client


def test_a_classmates_queued_run_is_told_of_the_paused_run_it_waits_for(
    quick: TestClient, long_runs: LongRuns
) -> None:
    pauser = long_runs(quick)
    wait_for(quick, pauser, {"running"})
    assert quick.post(f"/api/runs/{pauser}/pause").status_code == 200
    wait_for(quick, pauser, {"paused"})
    alone = quick.get(f"/api/runs/{pauser}").json()
    assert (alone["runs_waiting"], alone["pause_ends_at"]) == (0, None)
    time.sleep(WHEN_WAITED + 1)  # nobody waits: it keeps its worker past the short hold
    assert quick.get(f"/api/runs/{pauser}").json()["status"] == "paused"

    classmate = TestClient(quick.app)  # another browser: another owner
    before = time.time()
    waiter = long_runs(classmate)
    after = time.time()
    queued = classmate.get(f"/api/runs/{waiter}").json()
    assert (queued["status"], queued["queue_position"]) == ("queued", 1)
    [ahead] = queued["paused_ahead"]  # was []: only its own owner's paused runs were named
    assert (ahead["id"], ahead["name"]) == (None, None)  # not whose run, nor which
    ends_at = ahead["ends_at"]
    assert before + WHEN_WAITED - 1.5 <= ends_at <= after + WHEN_WAITED + 1.5
    # Its owner's runs list says its place too (it said only "queued").
    [listed] = classmate.get("/api/runs").json()
    assert (listed["id"], listed["queue_position"]) == (waiter, 1)
    paused = quick.get(f"/api/runs/{pauser}").json()
    assert (paused["runs_waiting"], paused["pause_ends_at"]) == (1, ends_at)

    # Its pause ends then, not before, not 10 minutes later; the classmate's run starts.
    ended = wait_for(quick, pauser, {"cancelled"}, timeout=WHEN_WAITED + 30)
    assert time.time() >= ends_at - 1.2  # the watch looks once a second
    assert ended["error"] is None
    assert (
        "while other runs waited for its worker, so it made way"
        in (read_socket(quick, pauser)[-1]["message"])
    )
    wait_for(classmate, waiter, {"running"})
    assert classmate.get(f"/api/runs/{waiter}").json()["paused_ahead"] == []
