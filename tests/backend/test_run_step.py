"""Step: a paused run trains exactly one batch a press, in a real worker process, and stays paused."""

import os
import signal
import time
from collections.abc import Iterator
from typing import Any

import pytest
import torch
from fastapi.testclient import TestClient

from tests.backend.conftest import LongRuns, read_socket, start_run, wait_for
from tests.backend.test_run_control import (
    STEPS_PER_EPOCH,
    _assert_same_weights,
    _pause_mid_epoch,
    _start_noisy,
    _weights,
)
from torchcanvas.runs.protocol import PauseRun, ResumeRun, StepRun
from torchcanvas.runs.steps import MAX_WAITING
from torchcanvas.runs.worker import RunControl
from torchcanvas.training.checkpoint import load_checkpoint, read_position

TOTAL = 3 * STEPS_PER_EPOCH  # the noisy CNN's steps with test_run_control's FAST settings


def _log(client: TestClient, run_id: str) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = client.get(
        f"/api/runs/{run_id}/events", params={"limit": 10000}
    ).json()
    return events


def _wait_for_pauses(client: TestClient, run_id: str, count: int) -> list[dict[str, Any]]:
    """The run's log once it holds `count` paused events."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        events = _log(client, run_id)
        if sum(e["type"] == "paused" for e in events) >= count:
            return events
        time.sleep(0.02)
    raise AssertionError(f"run {run_id} never paused {count} times: {events[-5:]}")


def _step_losses(events: list[dict[str, Any]]) -> dict[int, float]:
    """Each step's loss, from the progress frames (each frame's `losses` end at its `step`)."""
    losses: dict[int, float] = {}
    for e in events:
        if e["type"] == "progress":
            first = e["step"] - len(e["losses"]) + 1
            losses.update(zip(range(first, e["step"] + 1), e["losses"], strict=True))
    return losses


def _unnamed(text: str, run_id: str) -> str:
    """The text without the run's id, whole or its first six characters (a file name's)."""
    return text.replace(run_id, "ID").replace(run_id[:6], "ID")


def _step(client: TestClient, run_id: str) -> dict[str, Any]:
    reply = client.post(f"/api/runs/{run_id}/step")
    assert reply.status_code == 200, reply.text
    run: dict[str, Any] = reply.json()
    return run


Reference = tuple[list[dict[str, Any]], dict[str, torch.Tensor], str]


@pytest.fixture(scope="module")
def reference(client: TestClient) -> Reference:
    """The events, weights and id of a run of the noisy CNN trained with FAST, never paused."""
    run_id = _start_noisy(client)
    events = read_socket(client, run_id)
    assert events[-1]["status"] == "succeeded"
    return events, _weights(client, run_id), run_id


@pytest.fixture
def noisy_run(client: TestClient) -> Iterator[str]:
    """A run of the noisy CNN; stopped at teardown if a failed test left it holding the worker."""
    run_id = _start_noisy(client)
    yield run_id
    if client.post(f"/api/runs/{run_id}/cancel").status_code == 200:
        wait_for(client, run_id, {"cancelled", "succeeded", "failed"})


def test_each_step_trains_one_batch_and_the_run_stays_paused_then_resumes_to_the_same_weights(
    client: TestClient,
    reference: Reference,
    noisy_run: str,
) -> None:
    run_id = noisy_run
    held = _pause_mid_epoch(client, run_id)["step"]
    before = _log(client, run_id)
    pauses = sum(e["type"] == "paused" for e in before)
    # Every step trained before the pause is on the chart: a step's frame is its own.
    assert [e for e in before if e["type"] == "progress"][-1]["step"] == held
    for n in range(1, 4):  # one at a time, each seen before the next
        assert _step(client, run_id)["status"] == "paused"
        events = _wait_for_pauses(client, run_id, pauses + n)
        # Its own frame, sent at once: this step's loss and each layer's gradient norm.
        frame = [e for e in events if e["type"] == "progress"][-1]
        assert frame["step"] == held + n and len(frame["losses"]) == 1, frame
        assert set(frame["grad_norms"]) == {"conv1", "norm1", "fc"}
        assert all(v is not None and v > 0 for v in frame["grad_norms"].values())
        assert events[-1]["type"] == "paused" and events[-1]["step"] == held + n
        # And a look inside at it: the weights, gradients and dead units the Step moved.
        (look,) = [e for e in events if e["type"] == "insight" and e["step"] == held + n]
        assert set(look["layers"]) >= {"conv1", "fc"} and look["dead_samples"] > 0
    for _ in range(4):  # pressed faster than they train: each waits its turn
        _step(client, run_id)
    events = _wait_for_pauses(client, run_id, pauses + 7)
    time.sleep(0.5)  # then nothing more: it holds again
    assert _log(client, run_id) == events
    assert client.get(f"/api/runs/{run_id}").json()["status"] == "paused"
    since = events[len(before) - 1 :]  # from the pause the steps went from
    stepped = [e for e in since if e["type"] == "progress"]
    assert [e["step"] for e in stepped] == list(range(held + 1, held + 8))
    assert [e["step"] for e in since if e["type"] == "paused"] == list(range(held, held + 8))
    assert not any(e["type"] == "resumed" for e in since)
    # Each step trained the batch an uninterrupted run trains there, on the weights the step
    # before left: its loss is that run's, bit for bit.
    expected = _step_losses(reference[0])
    assert {s: loss for s, loss in _step_losses(events).items() if s > held} == {
        s: expected[s] for s in range(held + 1, held + 8)
    }

    assert client.post(f"/api/runs/{run_id}/resume").status_code == 200
    assert wait_for(client, run_id, {"succeeded"})["metrics"]["step"] == TOTAL
    events = read_socket(client, run_id)  # a reload replays the stepped points too
    steps = [e["step"] for e in events if e["type"] == "progress"]
    assert steps == sorted(set(steps)) and steps[-1] == TOTAL
    assert events[-1]["metrics"]["step"] == TOTAL
    _assert_same_weights(_weights(client, run_id), reference[1])
    epochs = [(e["epoch"], e["val_loss"]) for e in events if e["type"] == "epoch"]
    assert epochs == [(e["epoch"], e["val_loss"]) for e in reference[0] if e["type"] == "epoch"]
    # What it exports is the uninterrupted run's: the same script, the same results (each names
    # its own run).
    for path in ("code.py", "results"):
        stepped = client.get(f"/api/runs/{run_id}/{path}")
        unpaused = client.get(f"/api/runs/{reference[2]}/{path}")
        assert stepped.status_code == unpaused.status_code == 200, path
        assert _unnamed(stepped.text, run_id) == _unnamed(unpaused.text, reference[2]), path


def test_a_step_that_ends_an_epoch_sends_its_epoch_event_and_stop_keeps_every_step(
    client: TestClient, long_runs: LongRuns
) -> None:
    run_id = long_runs(client, batch_size=500)  # 3 steps an epoch
    wait_for(client, run_id, {"running"})
    assert client.post(f"/api/runs/{run_id}/pause").status_code == 200
    wait_for(client, run_id, {"paused"})
    events = _log(client, run_id)
    held, pauses = events[-1]["step"], sum(e["type"] == "paused" for e in events)
    epochs_before = sum(e["type"] == "epoch" for e in events)
    for n in range(1, 4):  # three steps: one of them ends an epoch
        _step(client, run_id)
        events = _wait_for_pauses(client, run_id, pauses + n)
    ended = [e for e in events if e["type"] == "epoch"][epochs_before:]
    assert len(ended) == 1, ended  # its validation pass ran, as at any epoch's end
    assert ended[0]["step"] % 3 == 0 and held < ended[0]["step"] <= held + 3
    assert ended[0]["val_loss"] is not None and ended[0]["val_accuracy"] is not None
    # Right after that step's frame, before the run holds again; the stored run has its numbers.
    at = events.index(ended[0])
    assert (events[at - 1]["type"], events[at - 1]["step"]) == ("insight", ended[0]["step"])
    assert (events[at - 2]["type"], events[at - 2]["step"]) == ("progress", ended[0]["step"])
    assert (events[at + 1]["type"], events[at + 1]["step"]) == ("paused", ended[0]["step"])
    run = client.get(f"/api/runs/{run_id}").json()
    assert (run["status"], run["metrics"]["step"]) == ("paused", ended[0]["step"])

    assert client.post(f"/api/runs/{run_id}/cancel").status_code == 200
    wait_for(client, run_id, {"cancelled"})
    end = read_socket(client, run_id)[-1]
    assert end["message"] == f"Stopped at step {held + 3}."
    assert end["metrics"]["step"] == held + 3
    folder = client.app.state.services.run_service.folder(run_id).path  # type: ignore[attr-defined]
    assert load_checkpoint(str(folder)).position.step == held + 3  # Continue goes on from there


def test_a_worker_killed_after_steps_goes_on_from_the_last_step_not_from_before_them(
    client: TestClient, reference: Reference, noisy_run: str
) -> None:
    run_id = noisy_run
    held = _pause_mid_epoch(client, run_id)["step"]
    folder = client.app.state.services.run_service.folder(run_id).path  # type: ignore[attr-defined]
    pauses = sum(e["type"] == "paused" for e in _log(client, run_id))
    saved_elapsed: list[float] = []
    for n in range(1, 3):
        _step(client, run_id)
        _wait_for_pauses(client, run_id, pauses + n)
        # Held again, it saves the step just trained once a checkpoint is due (half a second
        # after the last): a crash then loses no step.
        deadline = time.monotonic() + 10
        while (saved := read_position(folder)) is None or saved.step != held + n:
            assert time.monotonic() < deadline, saved
            time.sleep(0.05)
        saved_elapsed.append(saved.elapsed)
    # Its training time stops where the pause began, between the step's frame and the next
    # step's, which counts no time held either: what it held before the save is not in it.
    # Orderings, not a margin in seconds, which a loaded machine overran; test_loop_checkpoints
    # holds a pause for seconds before its save.
    frames = {e["step"]: e["elapsed"] for e in _log(client, run_id) if e["type"] == "progress"}
    assert frames[held + 1] <= saved_elapsed[0] <= frames[held + 2], (frames, saved_elapsed)
    assert frames[held + 2] <= saved_elapsed[1], (frames, saved_elapsed)
    (pid,) = client.app.state.services.executor.worker_pids()  # type: ignore[attr-defined]
    os.kill(pid, signal.SIGKILL)
    wait_for(client, run_id, {"failed"})
    before = _log(client, run_id)

    assert client.post(f"/api/runs/{run_id}/continue").status_code == 200
    assert wait_for(client, run_id, {"succeeded"})["metrics"]["step"] == TOTAL
    events = _log(client, run_id)
    again = events[len(before)]
    assert again["type"] == "started" and again["first_step"] == held + 2, again
    # No step trained twice, so none drawn twice: each frame's steps follow the last.
    steps = [e["step"] for e in events if e["type"] == "progress"]
    assert steps == sorted(set(steps)) and steps[-1] == TOTAL
    _assert_same_weights(_weights(client, run_id), reference[1])


def test_steps_pressed_while_the_worker_is_busy_wait_and_each_is_trained_once(
    client: TestClient, long_runs: LongRuns
) -> None:
    run_id = long_runs(client)
    wait_for(client, run_id, {"running"})
    client.post(f"/api/runs/{run_id}/pause")
    wait_for(client, run_id, {"paused"})
    events = _log(client, run_id)
    held, pauses = events[-1]["step"], sum(e["type"] == "paused" for e in events)
    (pid,) = client.app.state.services.executor.worker_pids()  # type: ignore[attr-defined]
    os.kill(pid, signal.SIGSTOP)  # a worker too busy to take them yet
    try:
        for _ in range(MAX_WAITING):
            _step(client, run_id)
        refused = client.post(f"/api/runs/{run_id}/step")
    finally:
        os.kill(pid, signal.SIGCONT)
    assert refused.status_code == 409
    assert refused.json()["detail"] == (
        f"{MAX_WAITING} steps already wait to train: press Step again once their points show."
    )
    events = _wait_for_pauses(client, run_id, pauses + MAX_WAITING)
    time.sleep(0.5)
    assert _log(client, run_id) == events  # not one more: none doubled
    stepped = [e["step"] for e in events if e["type"] == "progress" and e["step"] > held]
    assert stepped == list(range(held + 1, held + MAX_WAITING + 1))  # none lost
    _step(client, run_id)  # trained, they no longer count against the next
    _wait_for_pauses(client, run_id, pauses + MAX_WAITING + 1)


def test_step_needs_a_paused_run(client: TestClient, long_runs: LongRuns) -> None:
    running = long_runs(client)
    wait_for(client, running, {"running"})
    queued = long_runs(client)  # the one worker trains the first
    reply = client.post(f"/api/runs/{queued}/step")
    assert (reply.status_code, reply.json()["detail"]) == (
        409,
        f"Run {queued} is queued, not paused: press Pause first, then Step trains one batch at "
        "a time.",
    )
    reply = client.post(f"/api/runs/{running}/step")
    assert (reply.status_code, reply.json()["detail"]) == (
        409,
        f"Run {running} is running, not paused: press Pause first, then Step trains one batch "
        "at a time.",
    )
    assert client.post(f"/api/runs/{queued}/cancel").status_code == 200
    assert client.post(f"/api/runs/{running}/cancel").status_code == 200
    wait_for(client, running, {"cancelled"})
    reply = client.post(f"/api/runs/{running}/step")
    assert (reply.status_code, reply.json()["detail"]) == (
        409,
        f"Run {running} has already ended (cancelled): there is no step to train. Continue it "
        "to train more.",
    )
    finished = start_run(client, epochs=1)
    wait_for(client, finished, {"succeeded"})
    reply = client.post(f"/api/runs/{finished}/step")
    assert reply.status_code == 409 and "already ended (succeeded)" in reply.json()["detail"]
    assert client.post("/api/runs/nope/step").status_code == 404


def test_a_step_that_reaches_a_worker_no_longer_paused_is_refused_not_counted() -> None:
    """A Resume has reached the worker, its `resumed` not yet recorded: the server still reads
    `paused` and sends the Step; the worker says no (a 409), and counts no step to train
    (review: it answered 200 and the step waited for ever)."""
    control = RunControl()
    control.begin("run")
    assert control.apply(PauseRun("run"))
    assert control.apply(StepRun("run"))  # paused: a step to train
    assert control.apply(ResumeRun("run"))
    assert not control.apply(StepRun("run"))  # going on: refused
    assert not control.apply(StepRun("other"))  # another run's
