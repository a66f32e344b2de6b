"""Pause, resume, stop while paused, checkpoints, and continuing runs, in a real worker process."""

import os
import signal
import time
from collections.abc import Callable
from typing import Any

import pytest
import torch
from fastapi.testclient import TestClient
from safetensors.torch import load

from tests.backend.conftest import (
    DIGITS_CNN,
    DIGITS_TRAINING,
    LongRuns,
    read_socket,
    start_run,
    wait_for,
)
from torchcanvas.runs.errors import RunEnded
from torchcanvas.training.checkpoint import load_checkpoint

FAST = {"epochs": 3, "batch_size": 5}  # 864 steps on the digits CNN: long enough to pause or stop
STEPS_PER_EPOCH = 288  # 1,437 training images in batches of 5, the last one of 2 included
# The digits CNN with BatchNorm (buffers) and Dropout (a random mask each step): a run that goes
# on with other running statistics or another RNG state ends with other weights.
NOISY_CNN: dict[str, Any] = {
    **DIGITS_CNN,
    "name": "noisy-cnn",
    "layers": [
        *DIGITS_CNN["layers"][:1],
        {"id": "norm1", "type": "BatchNorm2d"},
        *DIGITS_CNN["layers"][1:4],
        {"id": "drop", "type": "Dropout", "params": {"p": 0.3}},
        *DIGITS_CNN["layers"][4:],
    ],
}


def _epochs(events: list[dict[str, Any]]) -> list[tuple[int, float, float]]:
    return [(e["epoch"], e["train_loss"], e["val_loss"]) for e in events if e["type"] == "epoch"]


def _wait_for_event(client: TestClient, run_id: str, kind: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        events = client.get(f"/api/runs/{run_id}/events", params={"limit": 10000}).json()
        if any(e["type"] == kind for e in events):
            return
        time.sleep(0.02)
    raise AssertionError(f"no {kind} event in run {run_id}")


def _start_noisy(client: TestClient) -> str:
    reply = client.post(
        "/api/runs", json={"design": NOISY_CNN, "training": {**DIGITS_TRAINING, **FAST}}
    )
    assert reply.status_code == 201, reply.text
    run_id: str = reply.json()["id"]
    return run_id


def _weights(client: TestClient, run_id: str) -> dict[str, torch.Tensor]:
    reply = client.get(f"/api/runs/{run_id}/weights.safetensors")
    assert reply.status_code == 200, reply.text
    return load(reply.content)


def _assert_same_weights(got: dict[str, torch.Tensor], expected: dict[str, torch.Tensor]) -> None:
    """Bit for bit, buffers included (BatchNorm's running statistics and batch count)."""
    assert got.keys() == expected.keys() and "norm1.running_var" in got
    different = [name for name in got if not torch.equal(got[name], expected[name])]
    assert different == [], f"these differ from the uninterrupted run: {different}"


@pytest.fixture(scope="module")
def reference(client: TestClient) -> tuple[list[dict[str, Any]], dict[str, torch.Tensor]]:
    """The events and weights of NOISY_CNN trained with FAST and never interrupted."""
    run_id = _start_noisy(client)
    events = read_socket(client, run_id)
    assert events[-1]["status"] == "succeeded"
    return events, _weights(client, run_id)


def _pause_mid_epoch(client: TestClient, run_id: str) -> dict[str, Any]:
    """Pauses the run inside an epoch (some of its batches done); returns the paused event.

    A pause that lands on an epoch's first batch is resumed and asked for again.
    """
    wait_for(client, run_id, {"running"})
    for _ in range(10):
        paused = client.post(f"/api/runs/{run_id}/pause")
        assert paused.status_code == 200, paused.text
        wait_for(client, run_id, {"paused"})
        events = client.get(f"/api/runs/{run_id}/events", params={"limit": 10000}).json()
        held: dict[str, Any] = [e for e in events if e["type"] == "paused"][-1]
        if held["step"] % STEPS_PER_EPOCH != 0:
            return held
        assert client.post(f"/api/runs/{run_id}/resume").status_code == 200
        wait_for(client, run_id, {"running"})
    raise AssertionError(f"run {run_id} never paused inside an epoch")


def test_pause_then_resume_gives_the_same_weights_as_an_uninterrupted_run(
    client: TestClient, reference: tuple[list[dict[str, Any]], dict[str, torch.Tensor]]
) -> None:
    run_id = _start_noisy(client)
    held = _pause_mid_epoch(client, run_id)
    assert held["step"] < 3 * STEPS_PER_EPOCH
    held_log = client.get(f"/api/runs/{run_id}/events", params={"limit": 10000}).json()
    time.sleep(0.5)  # not one step, nor one event, while it holds
    assert client.get(f"/api/runs/{run_id}/events", params={"limit": 10000}).json() == held_log
    assert held_log[-1] == held
    assert client.post(f"/api/runs/{run_id}/resume").status_code == 200
    wait_for(client, run_id, {"succeeded"})
    events = read_socket(client, run_id)
    _assert_same_weights(_weights(client, run_id), reference[1])
    assert _epochs(events) == _epochs(reference[0])
    kinds = [e["type"] for e in events]
    assert kinds.count("paused") == kinds.count("resumed") >= 1
    pauses = [e for e in events if e["type"] in ("paused", "resumed")]
    assert all(p["step"] == r["step"] for p, r in zip(pauses[::2], pauses[1::2], strict=True))
    steps = [e["step"] for e in events if e["type"] == "progress"]
    assert steps == sorted(steps) and steps[-1] == 3 * STEPS_PER_EPOCH


def test_stop_works_while_paused(client: TestClient, long_runs: LongRuns) -> None:
    run_id = long_runs(client)
    wait_for(client, run_id, {"running"})
    client.post(f"/api/runs/{run_id}/pause")
    wait_for(client, run_id, {"paused"})
    held = client.get(f"/api/runs/{run_id}/events", params={"limit": 10000}).json()[-1]
    assert client.post(f"/api/runs/{run_id}/cancel").status_code == 200
    wait_for(client, run_id, {"cancelled"})
    # Stopped where it was held: not one more step was trained.
    assert read_socket(client, run_id)[-1]["message"] == f"Stopped at step {held['step']}."


def test_a_run_stopped_while_training_shows_every_step_it_trained(
    client: TestClient, long_runs: LongRuns
) -> None:
    run_id = long_runs(client, batch_size=8)  # small fast steps: a frame holds many
    deadline = time.monotonic() + 60
    log = f"/api/runs/{run_id}/events"
    while not any(e["type"] == "progress" for e in client.get(log).json()):
        assert time.monotonic() < deadline, "the run never sent a frame"
        time.sleep(0.02)
    assert client.post(f"/api/runs/{run_id}/cancel").status_code == 200
    wait_for(client, run_id, {"cancelled"})
    events = read_socket(client, run_id)
    trained = events[-1]["metrics"]["step"]
    # Its last steps, trained after the last frame was due, are on the chart too (they were
    # in the weights and the checkpoint, not on the chart).
    shown = [
        step
        for e in events
        if e["type"] == "progress"
        for step in range(e["step"] - len(e["losses"]) + 1, e["step"] + 1)
    ]
    assert shown == list(range(1, trained + 1)), (shown[-5:], trained)


def test_a_stopped_run_continues_mid_epoch_to_the_same_weights_on_one_log(
    client: TestClient, reference: tuple[list[dict[str, Any]], dict[str, torch.Tensor]]
) -> None:
    run_id = _start_noisy(client)
    held = _pause_mid_epoch(client, run_id)
    assert client.post(f"/api/runs/{run_id}/cancel").status_code == 200  # stops where it holds
    wait_for(client, run_id, {"cancelled"})
    stopped = read_socket(client, run_id)
    assert stopped[-1]["message"] == f"Stopped at step {held['step']}."
    assert held["step"] % STEPS_PER_EPOCH != 0  # inside an epoch, with its RNG state in between
    continued = client.post(f"/api/runs/{run_id}/continue")
    assert continued.status_code == 200, continued.text
    # Queued, or already running where a worker was idle and took it before the answer was written.
    assert continued.json()["status"] in {"queued", "running"}, continued.json()
    assert continued.json()["error"] is None
    wait_for(client, run_id, {"succeeded"})
    events = read_socket(client, run_id)
    _assert_same_weights(_weights(client, run_id), reference[1])
    assert events[: len(stopped)] == stopped  # appended to, never rewritten
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    assert _epochs(events) == _epochs(reference[0])
    again = events[len(stopped)]
    assert again["type"] == "started" and again["first_step"] == held["step"]
    steps = [e["step"] for e in events if e["type"] == "progress"]
    assert steps == sorted(steps) and steps[-1] == 3 * STEPS_PER_EPOCH


def test_a_killed_worker_continues_from_its_last_checkpoint(client: TestClient) -> None:
    # Long enough (about 1.5 s here) that the first epoch event, which waits for the first
    # checkpoint (at most every CHECKPOINT_EVERY), comes well before the end.
    reference = _epochs(read_socket(client, start_run(client, epochs=12, batch_size=8)))
    run_id = start_run(client, epochs=12, batch_size=8)
    _wait_for_event(client, run_id, "epoch")
    (pid,) = client.app.state.services.executor.worker_pids()  # type: ignore[attr-defined]
    os.kill(pid, signal.SIGKILL)
    wait_for(client, run_id, {"failed"})
    folder = client.app.state.services.run_service.folder(run_id).path  # type: ignore[attr-defined]
    checkpoint = load_checkpoint(str(folder))
    assert checkpoint.model["conv1.weight"].shape == (16, 1, 3, 3)
    assert checkpoint.optimizer["state"]  # the optimizer's moments go on too
    done = len(_epochs(read_socket(client, run_id)))
    assert client.post(f"/api/runs/{run_id}/continue").status_code == 200
    wait_for(client, run_id, {"succeeded"})
    after = _epochs(read_socket(client, run_id))
    later = [e for e in after[done:]]
    assert [e[0] for e in later] == list(range(later[0][0], 13))
    assert later == reference[later[0][0] - 1 :]


def test_a_finished_run_trains_more_epochs_on_the_same_chart(client: TestClient) -> None:
    run_id = start_run(client, epochs=2, scheduler="OneCycleLR")
    wait_for(client, run_id, {"succeeded"})
    reply = client.post(f"/api/runs/{run_id}/continue", json={})
    assert reply.status_code == 409
    assert reply.json()["detail"] == (
        f"Run {run_id} has trained all its 2 epochs: say how many more with `epochs`."
    )
    reply = client.post(f"/api/runs/{run_id}/continue", json={"epochs": 3})
    assert reply.json()["training"]["epochs"] == 5
    wait_for(client, run_id, {"succeeded"})
    events = read_socket(client, run_id)
    assert [e[0] for e in _epochs(events)] == [1, 2, 3, 4, 5]
    assert [e["status"] for e in events if e["type"] == "end"] == ["succeeded", "succeeded"]
    lrs = [e["lr"] for e in events if e["type"] == "epoch"]
    assert (
        lrs[1] < lrs[0] and lrs[2] > lrs[1]
    )  # the one-cycle schedule starts over on the new epochs


def test_control_that_does_not_fit_the_run_says_why(
    client: TestClient, long_runs: LongRuns
) -> None:
    run_id = start_run(client, epochs=1)
    wait_for(client, run_id, {"succeeded"})
    for action in ("pause", "resume"):
        reply = client.post(f"/api/runs/{run_id}/{action}")
        assert reply.status_code == 409
        assert reply.json()["detail"] == (
            f"Run {run_id} has already ended (succeeded): continue it instead."
        )
    running = long_runs(client)
    queued = start_run(client, epochs=1)
    wait_for(client, running, {"running"})
    assert client.post(f"/api/runs/{queued}/pause").json()["detail"] == (
        f"Run {queued} is still queued: pause it once it is running."
    )
    assert client.post(f"/api/runs/{running}/continue").json()["detail"] == (
        f"Run {running} is running: only a finished, stopped or failed run can continue."
    )
    assert client.post(f"/api/runs/{queued}/cancel").status_code == 200
    assert client.post(f"/api/runs/{queued}/continue").json()["detail"] == (
        f"Run {queued} has no checkpoint to continue from: it ended before its first epoch "
        "did. Start a new run instead."
    )
    reply = client.post(f"/api/runs/{run_id}/continue", json={"epochs": 0})
    assert reply.status_code == 422 and "epochs" in reply.json()["detail"]
    client.post(f"/api/runs/{running}/cancel")
    wait_for(client, running, {"cancelled"})
    assert client.post("/api/runs/nope/pause").status_code == 404


def test_control_of_a_run_that_ended_as_it_was_asked_names_its_end(client: TestClient) -> None:
    """A run read as running or paused whose worker lets it go before the button reaches it is
    refused in the words of its end, read again: not as "still queued" (a review)."""
    run_id = start_run(client, epochs=1)
    wait_for(client, run_id, {"succeeded"})
    service = client.app.state.services.run_service  # type: ignore[attr-defined]
    ended = service.get(run_id)
    running, paused = (ended.model_copy(update={"status": s}) for s in ("running", "paused"))
    asks: list[tuple[Callable[[], None], str]] = [
        (lambda: service.control.cancel(running), ""),
        (lambda: service.control.pause(running), ": continue it instead"),
        (lambda: service.control.resume(paused), ": continue it instead"),
        (
            lambda: service.control.step(paused),
            ": there is no step to train. Continue it to train more",
        ),
        (
            lambda: service.control.set_rate(running, 0.01),
            ": continue it with a new learning rate instead",
        ),
    ]
    for ask, advice in asks:
        with pytest.raises(RunEnded) as refused:
            ask()
        assert str(refused.value) == f"Run {run_id} has already ended (succeeded){advice}."


def test_a_run_paused_too_long_makes_way_for_waiting_runs(
    client: TestClient, long_runs: LongRuns
) -> None:
    """A paused run keeps the only worker: forgotten, it held every other owner's runs queued."""
    watch = client.app.state.services.run_service.pause_watch  # type: ignore[attr-defined]
    watch.limit = 0.5
    try:
        paused = long_runs(client)
        wait_for(client, paused, {"running"})
        client.post(f"/api/runs/{paused}/pause")
        wait_for(client, paused, {"paused"})
        held = client.get(f"/api/runs/{paused}/events", params={"limit": 10000}).json()[-1]
        time.sleep(2)  # past the limit, but no run waits: it keeps its worker
        assert client.get(f"/api/runs/{paused}").json()["status"] == "paused"

        teammate = TestClient(client.app)
        waiting = long_runs(teammate)
        wait_for(teammate, waiting, {"running"})  # its turn came without the owner's resume
        assert wait_for(client, paused, {"cancelled"})["error"] is None
        end = read_socket(client, paused)[-1]
        assert end["message"].startswith(f"Stopped at step {held['step']}. It had been paused for ")
        assert end["message"].endswith(
            " s while other runs waited for its worker, so it made way for them: press "
            "Continue to go on from where it stopped."
        )
        teammate.post(f"/api/runs/{waiting}/cancel")
        wait_for(teammate, waiting, {"cancelled"})
        # Nothing was lost: it goes on from the step where it was paused.
        assert client.post(f"/api/runs/{paused}/continue").status_code == 200
        wait_for(client, paused, {"running"})
        resumed = client.get(f"/api/runs/{paused}/events", params={"limit": 10000}).json()
        progress = [e["step"] for e in resumed if e["type"] == "progress"]
        assert progress == sorted(progress)
    finally:
        watch.limit = 600.0


def test_a_run_queued_behind_its_owners_paused_run_names_it(
    client: TestClient, long_runs: LongRuns
) -> None:
    """A paused run keeps its worker: the owner's next run waits, and says for what."""
    paused = long_runs(client)
    wait_for(client, paused, {"running"})
    client.post(f"/api/runs/{paused}/pause")
    wait_for(client, paused, {"paused"})
    waiting = long_runs(client)
    run = client.get(f"/api/runs/{waiting}").json()
    assert (run["status"], run["queue_position"]) == ("queued", 1)
    [ahead] = run["paused_ahead"]
    assert (ahead["id"], ahead["name"]) == (paused, "digits-cnn")
    # Another owner's queued run waits for it too: told of it, but not which run it is.
    teammate = TestClient(client.app)
    theirs = long_runs(teammate)
    [unnamed] = teammate.get(f"/api/runs/{theirs}").json()["paused_ahead"]
    assert (unnamed["id"], unnamed["name"], unnamed["ends_at"]) == (None, None, ahead["ends_at"])
    # Resumed, it no longer holds the worker paused: nothing is named.
    assert client.post(f"/api/runs/{paused}/resume").status_code == 200
    wait_for(client, paused, {"running"})
    assert client.get(f"/api/runs/{waiting}").json()["paused_ahead"] == []
    for run_id, owner in ((paused, client), (waiting, client), (theirs, teammate)):
        owner.post(f"/api/runs/{run_id}/cancel")
