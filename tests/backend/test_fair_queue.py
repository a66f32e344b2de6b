"""Owners take turns in the queue of runs: one owner's many runs do not hold back another's first."""

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING, ENDED, LONG, open_client, wait_for
from torchcanvas.design.schema import Design
from torchcanvas.runs.fair_queue import FairQueue
from torchcanvas.training.job import TrainingJob
from torchcanvas.training.settings import TrainingSettings

DESIGN = Design.model_validate(DIGITS_CNN)
TRAINING = TrainingSettings.model_validate(DIGITS_TRAINING)


def _job(run_id: str, owner: str) -> TrainingJob:
    return TrainingJob(
        run_id=run_id, design=DESIGN, training=TRAINING, folder=Path("/runs", run_id), turn=owner
    )


def _queue(*jobs: tuple[str, str]) -> FairQueue:
    queue = FairQueue()
    for run_id, owner in jobs:
        queue.append(_job(run_id, owner))
    return queue


def test_owners_take_turns_and_keep_their_own_order() -> None:
    queue = _queue(("a1", "a"), ("a2", "a"), ("a3", "a"), ("b1", "b"), ("c1", "c"), ("b2", "b"))
    assert queue.order() == ["a1", "b1", "c1", "a2", "b2", "a3"]
    assert [queue.popleft().run_id for _ in range(6)] == ["a1", "b1", "c1", "a2", "b2", "a3"]
    assert len(queue) == 0


def test_one_who_queues_behind_anothers_runs_waits_for_none_of_them_to_start() -> None:
    """A class review: a student's second run went before a classmate's first, who queued while
    the student's first trained. One with fewer runs training goes first, then one who has
    waited longer since its latest run started or ended."""
    queue = _queue(("a1", "a"), ("a2", "a"), ("a3", "a"))
    assert queue.popleft().run_id == "a1"  # it trains
    queue.append(_job("b1", "b"))  # b comes after a's runs
    assert queue.position("b1") == 1  # a second worker would take it, not a2
    assert queue.order() == ["b1", "a2", "a3"]
    queue.done("a1")  # one worker: a1 ends, and a's turn counts from now, after b's wait began
    assert queue.order() == ["b1", "a2", "a3"]
    assert queue.remove("a2") is not None
    assert queue.remove("a2") is None
    assert queue.drain() == [_job("b1", "b"), _job("a3", "a")]
    assert queue.order() == []


def test_an_owner_with_runs_training_gives_way_on_every_free_worker() -> None:
    """Several workers: an owner with one run training does not take a second worker before a
    classmate with none, however early it queued."""
    queue = _queue(("a1", "a"), ("a2", "a"), ("a3", "a"), ("b1", "b"), ("b2", "b"), ("c1", "c"))
    assert [queue.popleft().run_id for _ in range(3)] == ["a1", "b1", "c1"]  # three workers
    queue.done("b1")  # b's worker is free first: b has none training now, a and c one each
    assert queue.popleft().run_id == "b2"
    queue.done("c1")  # c has nothing waiting: a, with one training, takes the worker
    assert queue.popleft().run_id == "a2"


def test_new_owners_cannot_jump_ahead_of_one_who_has_waited_longer() -> None:
    """An identity costs nothing: runs from fresh cookies must not starve a waiting owner."""
    queue = _queue(("h1", "h"))
    assert queue.popleft().run_id == "h1"
    queue.append(_job("h2", "h"))
    queue.done("h1")  # h's turn counts from here, before any of theirs began to wait
    for i in range(5):
        queue.append(_job(f"x{i}", f"fresh{i}"))
    assert queue.order() == ["h2", "x0", "x1", "x2", "x3", "x4"]
    assert queue.popleft().run_id == "h2"


def test_an_owner_merged_into_another_takes_its_turns() -> None:
    """A transfer code merges one identity into another: one person, one turn."""
    queue = _queue(("a1", "a"))
    assert queue.popleft().run_id == "a1"
    queue.done("a1")  # a has just had a turn
    for run_id, owner in (("a2", "a"), ("b1", "b"), ("c1", "c"), ("b2", "b")):
        queue.append(_job(run_id, owner))
    assert queue.order() == ["a2", "b1", "c1", "b2"]
    queue.join("b", "a")
    assert queue.order() == ["a2", "c1", "b1", "b2"]
    assert [job.turn for job in queue.drain()] == ["a", "c", "a", "a"]
    # The later start of the two counts: b's run started after c's, so c goes first now.
    queue = _queue(("a1", "a"))
    assert queue.popleft().run_id == "a1"
    queue.done("a1")
    for run_id, owner in (("c1", "c"), ("b1", "b")):
        queue.append(_job(run_id, owner))
    assert [queue.popleft().run_id for _ in range(2)] == ["c1", "b1"]
    queue.done("c1")
    queue.done("b1")
    for run_id, owner in (("c2", "c"), ("a2", "a")):
        queue.append(_job(run_id, owner))
    assert queue.order() == ["a2", "c2"]
    queue.join("b", "a")
    assert queue.order() == ["c2", "a2"]


def test_a_run_the_admin_puts_first_starts_next_and_counts_as_its_owners_start() -> None:
    """A teacher's demo goes before the class's queued runs; put first after it, another goes
    before it. Started, it counts as its owner's, whose next run waits its turn again."""
    queue = _queue(("a1", "a"), ("a2", "a"), ("b1", "b"), ("c1", "c"))
    assert queue.put_first("c1") and queue.put_first("a2")
    assert queue.order() == ["a2", "c1", "b1", "a1"]
    assert queue.position("c1") == 2
    assert not queue.put_first("z9")  # not waiting
    assert queue.remove("a2") is not None  # stopped while first: the next first goes on
    assert [queue.popleft().run_id for _ in range(3)] == ["c1", "a1", "b1"]
    assert not queue.put_first("c1")  # started


@given(
    st.lists(
        st.one_of(
            st.tuples(st.just("add"), st.sampled_from("abcd")),
            st.tuples(st.just("start"), st.just("")),
            st.tuples(st.just("remove"), st.integers(0, 30)),
            st.tuples(st.just("done"), st.integers(0, 30)),
            st.tuples(st.just("first"), st.integers(0, 30)),
        ),
        max_size=40,
    )
)
def test_every_run_starts_once_in_its_owners_order_as_order_said(ops: list[Any]) -> None:
    queue, added, started, removed = FairQueue(), [], [], []
    firsts = set()  # put first by the admin: out of their owners' order
    for op, arg in ops:
        if op == "add":
            added.append(_job(f"r{len(added)}", arg))
            queue.append(added[-1])
        elif op == "start" and len(queue):
            expected = queue.order()
            job = queue.popleft()
            assert job.run_id == expected[0]
            assert queue.order() == expected[1:]  # what is left keeps the order it was told
            started.append(job)
        elif op == "remove" and arg < len(added) and queue.remove(f"r{arg}") is not None:
            removed.append(added[arg])
        elif op == "done":
            queue.done(f"r{arg}")  # one not started, or already done, changes nothing
        elif op == "first" and queue.put_first(f"r{arg}"):
            firsts.add(f"r{arg}")
            assert queue.order()[0] == f"r{arg}"
    rest = queue.drain()
    assert sorted(j.run_id for j in started + removed + rest) == sorted(j.run_id for j in added)
    for owner in "abcd":  # each owner's runs start in the order it queued them
        mine = [j.run_id for j in started + rest if j.turn == owner and j.run_id not in firsts]
        queued = [j for j in added if j.turn == owner and j.run_id not in firsts]
        assert mine == [j.run_id for j in queued if j in started + rest]


def _status(client: TestClient, run_id: str) -> tuple[str, int | None]:
    run = client.get(f"/api/runs/{run_id}").json()
    return run["status"], run.get("queue_position")


def test_a_teammates_first_run_waits_for_none_of_an_owners_queued_runs(tmp_path: Path) -> None:
    long = {"design": DIGITS_CNN, "training": {**DIGITS_TRAINING, **LONG}}
    with open_client(tmp_path) as alice:  # one worker
        bob = TestClient(alice.app)
        for browser in (alice, bob):  # the cookie of its own a browser has before it trains
            browser.get("/api/health")
        mine = [alice.post("/api/runs", json=long).json()["id"] for _ in range(3)]
        wait_for(alice, mine[0], {"running"})
        theirs = bob.post("/api/runs", json=long).json()["id"]
        try:
            # Alice's first trains: Bob's first goes next, before her second (a class review:
            # it waited for her second too, as her turn counted from when her first began).
            assert _status(bob, theirs) == ("queued", 1)
            assert [_status(alice, r) for r in mine[1:]] == [("queued", 2), ("queued", 3)]
            alice.post(f"/api/runs/{mine[0]}/cancel")
            wait_for(bob, theirs, {"running"})
            assert [_status(alice, r) for r in mine[1:]] == [("queued", 1), ("queued", 2)]
        finally:
            for client, run_id in [(alice, r) for r in mine] + [(bob, theirs)]:
                client.post(f"/api/runs/{run_id}/cancel")
            for client, run_id in [(alice, r) for r in mine] + [(bob, theirs)]:
                wait_for(client, run_id, ENDED)
