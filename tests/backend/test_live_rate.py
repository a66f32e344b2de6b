"""A new learning rate for a running or paused run (POST /rate): it takes over at the next step,
its `rate` event and the run's `lr_changes` say where, and its script sets it at the same step;
what the route refuses, and why."""

import os
import signal
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING, open_client, wait_for
from tests.backend.held_worker import start_behind_held_worker
from tests.backend.test_codegen import SINE_MLP
from tests.backend.test_continue_lr import _assert_script_prints_the_runs_losses, _step_lrs
from torchcanvas.runs import control

SINE = {"dataset": "sine", "loss": "MSELoss", "lr": 0.05, "batch_size": 8, "seed": 3}
SGD = {"optimizer": "SGD", "optimizer_params": {"momentum": 0.9}}


def _start(client: TestClient, training: dict[str, Any]) -> str:
    reply = client.post("/api/runs", json={"design": SINE_MLP, "training": SINE | training})
    assert reply.status_code == 201, reply.text
    return str(reply.json()["id"])


def _events(client: TestClient, run_id: str) -> list[dict[str, Any]]:
    return list(client.get(f"/api/runs/{run_id}/events", params={"limit": 10000}).json())


def _wait(client: TestClient, run_id: str, done: Any, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not done(client.get(f"/api/runs/{run_id}").json()):
        assert time.monotonic() < deadline, what
        time.sleep(0.02)


def _said(client: TestClient, run_id: str, count: int = 1) -> list[dict[str, Any]]:
    """The run's rate events, once there are `count` of them."""
    deadline = time.monotonic() + 30
    while len(said := [e for e in _events(client, run_id) if e["type"] == "rate"]) < count:
        assert time.monotonic() < deadline, "the worker never set the rate"
        time.sleep(0.02)
    return said


def _stop_after(client: TestClient, run_id: str, epochs: int) -> dict[str, Any]:
    """Lets the run train `epochs` more epochs, then stops it; its last numbers."""
    at = client.get(f"/api/runs/{run_id}").json()["metrics"]["epoch"]
    _wait(client, run_id, lambda run: run["metrics"]["epoch"] >= at + epochs, "it never trained on")
    assert client.post(f"/api/runs/{run_id}/cancel").status_code == 200
    return dict(wait_for(client, run_id, {"cancelled"})["metrics"])


def test_a_rate_set_while_paused_trains_the_next_step_and_the_script_repeats_it(
    client: TestClient, tmp_path: Path
) -> None:
    run_id = _start(client, SGD | {"epochs": 500})
    _wait(client, run_id, lambda run: run["metrics"]["step"] >= 30, "it never reached step 30")
    assert client.post(f"/api/runs/{run_id}/pause").status_code == 200
    wait_for(client, run_id, {"paused"})
    reply = client.post(f"/api/runs/{run_id}/rate", json={"learning_rate": 0.002})
    assert reply.status_code == 200, reply.text
    (said,) = _said(client, run_id)
    held = [e for e in _events(client, run_id) if e["type"] == "paused"][-1]
    assert (said["step"], said["epoch"], said["lr"]) == (held["step"], held["epoch"], 0.002)
    change = {"epoch": held["epoch"], "step": held["step"], "lr": 0.002, "live": True}
    assert client.get(f"/api/runs/{run_id}").json()["lr_changes"] == [change]
    assert client.get(f"/api/runs/{run_id}").json()["status"] == "paused"  # it still holds
    # A second rate before the next step takes the first's place, at the same step.
    assert client.post(f"/api/runs/{run_id}/rate", json={"learning_rate": 0.001}).status_code == 200
    _said(client, run_id, 2)
    change["lr"] = 0.001
    assert client.get(f"/api/runs/{run_id}").json()["lr_changes"] == [change]
    assert client.post(f"/api/runs/{run_id}/step").status_code == 200
    _wait(client, run_id, lambda run: run["status"] == "paused" and _step_lrs(
        _events(client, run_id)).get(held["step"] + 1) is not None, "the Step never trained")  # fmt: skip
    assert _step_lrs(_events(client, run_id))[held["step"] + 1] == 0.001
    assert client.post(f"/api/runs/{run_id}/resume").status_code == 200
    _stop_after(client, run_id, 2)
    events = _events(client, run_id)
    rates = _step_lrs(events)
    assert {r for s, r in rates.items() if s <= held["step"]} == {0.05}
    assert {r for s, r in rates.items() if s > held["step"]} == {0.001}
    code = _assert_script_prints_the_runs_losses(client, run_id, events, tmp_path)
    assert f"LR_CHANGES = {{{held['step']}: 0.001}}" in code


def test_a_rate_set_while_paused_then_stopped_is_never_set_and_a_continue_keeps_the_old(
    client: TestClient,
) -> None:
    """A Stop before the next step trains none at the rate said while paused: the record drops
    it, the end says it was never set, and a plain Continue trains at the old rate (a review:
    the page said "lr 0.01 → 0.002" and "it took over" where no step trained at it)."""
    # Paused in its first epoch (719 steps), however loaded the machine: the Pause is sent right
    # behind the run's start, to its worker held meanwhile. No epoch end then waits for a
    # checkpoint, so the Stop writes one.
    digits = DIGITS_TRAINING | {"optimizer": "SGD", "batch_size": 2, "epochs": 50}
    executor = client.app.state.services.executor  # type: ignore[attr-defined]

    def start() -> str:
        reply = client.post("/api/runs", json={"design": DIGITS_CNN, "training": digits})
        assert reply.status_code == 201, reply.text
        return str(reply.json()["id"])

    run_id = start_behind_held_worker(client, lambda run_id: executor.pause(run_id), start)
    wait_for(client, run_id, {"paused"})
    if _events(client, run_id)[-1]["step"] == 0:  # a step to stop at
        assert client.post(f"/api/runs/{run_id}/step").status_code == 200
        deadline = time.monotonic() + 30
        while (last := _events(client, run_id)[-1])["type"] != "paused" or last["step"] == 0:
            assert time.monotonic() < deadline, "the Step never trained"
            time.sleep(0.02)
    assert client.post(f"/api/runs/{run_id}/rate", json={"learning_rate": 0.002}).status_code == 200
    (said,) = _said(client, run_id)
    assert said["epoch"] == 1
    assert client.get(f"/api/runs/{run_id}").json()["lr_changes"] != []  # shown while it holds
    assert client.post(f"/api/runs/{run_id}/cancel").status_code == 200
    run = wait_for(client, run_id, {"cancelled"})
    assert run["metrics"]["step"] == said["step"]
    assert run["lr_changes"] == []
    (end,) = [e for e in _events(client, run_id) if e["type"] == "end"]
    assert end["rate_not_set"] == 0.002
    reply = client.post(f"/api/runs/{run_id}/continue", json={"epochs": 50})
    assert reply.status_code == 200, reply.text
    _wait(client, run_id, lambda run: run["metrics"]["step"] >= said["step"] + 20, "no Continue")
    client.post(f"/api/runs/{run_id}/cancel")
    wait_for(client, run_id, {"cancelled"})
    assert set(_step_lrs(_events(client, run_id)).values()) == {0.01}


def test_a_rate_set_as_it_runs_starts_the_schedule_over_from_it_in_the_script_too(
    client: TestClient, tmp_path: Path
) -> None:
    run_id = _start(client, {"optimizer": "Adam", "scheduler": "CosineAnnealingLR", "epochs": 300})
    _wait(client, run_id, lambda run: run["metrics"]["epoch"] >= 1, "it never ended an epoch")
    assert client.post(f"/api/runs/{run_id}/rate", json={"learning_rate": 0.01}).status_code == 200
    (said,) = _said(client, run_id)
    assert client.get(f"/api/runs/{run_id}").json()["status"] == "running"
    _stop_after(client, run_id, 1)
    events = _events(client, run_id)
    rates = _step_lrs(events)
    at = said["step"]
    assert rates[at] < 0.05 and rates[at + 1] == pytest.approx(0.01)  # a warm restart from it
    assert rates[max(rates)] < 0.01  # and the new cosine falls from there
    code = _assert_script_prints_the_runs_losses(client, run_id, events, tmp_path)
    assert f"LR_CHANGES = {{{at}: 0.01}}" in code
    assert f"SCHEDULE_STARTS = {{0: 300, {at}: 300}}" in code


# Steps of about 2 s (two wide convolutions over 512 digits): a rate and a Stop sent together
# reach the worker within one step, and the Stop, checked first at its end, wins.
SLOW_DIGITS = {
    **DIGITS_CNN,
    "layers": [
        {"id": "conv1", "type": "Conv2d", "params": {"out_channels": 256, "kernel_size": 3, "padding": 1}},
        {"id": "act1", "type": "ReLU"},
        {"id": "conv2", "type": "Conv2d", "params": {"out_channels": 256, "kernel_size": 3, "padding": 1}},
        {"id": "act2", "type": "ReLU"},
        {"id": "flat", "type": "Flatten"},
        {"id": "fc", "type": "Linear", "params": {"out_features": 10}},
    ],
}  # fmt: skip
SLOW_TRAINING = {**DIGITS_TRAINING, "lr": 0.01, "epochs": 60, "batch_size": 512}


def test_a_rate_asked_as_the_run_stops_is_said_never_set_by_its_end(client: TestClient) -> None:
    """A rate the worker was sent but never set (a Stop came in the same step, and is checked
    first) is named by the run's end, and is none of its `lr_changes`."""
    reply = client.post("/api/runs", json={"design": SLOW_DIGITS, "training": SLOW_TRAINING})
    assert reply.status_code == 201, reply.text
    run_id = reply.json()["id"]
    _wait(client, run_id, lambda run: run["status"] == "running", "it never started")
    reply = client.post(f"/api/runs/{run_id}/rate", json={"learning_rate": 0.001})
    assert reply.status_code == 200, reply.text
    assert client.post(f"/api/runs/{run_id}/cancel").status_code == 200
    wait_for(client, run_id, {"cancelled"})
    events = _events(client, run_id)
    assert [e for e in events if e["type"] == "rate"] == []
    assert events[-1]["type"] == "end" and events[-1]["rate_not_set"] == 0.001
    assert client.get(f"/api/runs/{run_id}").json()["lr_changes"] == []


def test_a_run_that_set_its_rate_ends_with_none_waiting(client: TestClient) -> None:
    run_id = _start(client, SGD | {"epochs": 500})
    _wait(client, run_id, lambda run: run["metrics"]["step"] >= 5, "it never reached step 5")
    assert client.post(f"/api/runs/{run_id}/rate", json={"learning_rate": 0.002}).status_code == 200
    _said(client, run_id)
    assert client.post(f"/api/runs/{run_id}/cancel").status_code == 200
    wait_for(client, run_id, {"cancelled"})
    assert _events(client, run_id)[-1]["rate_not_set"] is None


@pytest.fixture(scope="module")
def ended(client: TestClient) -> str:
    run_id = _start(client, SGD | {"epochs": 1, "batch_size": 100})
    wait_for(client, run_id, {"succeeded"})
    return run_id


@pytest.mark.parametrize("bad", [0, -0.1, "0.1", 11, True, None, [0.1]])
def test_a_bad_rate_is_refused_naming_the_field(client: TestClient, ended: str, bad: Any) -> None:
    reply = client.post(f"/api/runs/{ended}/rate", json={"learning_rate": bad})
    assert reply.status_code == 422, reply.text
    assert "learning_rate" in reply.json()["detail"], reply.text


def test_a_rate_the_schedule_would_climb_from_is_refused(client: TestClient) -> None:
    cosine = {"scheduler": "CosineAnnealingLR", "scheduler_params": {"eta_min": 0.001}}
    run_id = _start(client, SGD | cosine | {"epochs": 1000})
    reply = client.post(f"/api/runs/{run_id}/rate", json={"learning_rate": 0.0005})
    assert reply.status_code == 422, reply.text
    assert reply.json()["detail"].startswith("learning_rate: 0.0005 is not above the schedule's")
    client.post(f"/api/runs/{run_id}/cancel")
    wait_for(client, run_id, {"cancelled"})
    assert client.get(f"/api/runs/{run_id}").json()["lr_changes"] == []


def test_an_ended_run_is_told_to_continue_instead(client: TestClient, ended: str) -> None:
    reply = client.post(f"/api/runs/{ended}/rate", json={"learning_rate": 0.01})
    assert reply.status_code == 409, reply.text
    assert reply.json()["detail"] == (
        f"Run {ended} has already ended (succeeded): continue it with a new learning rate instead."
    )


def test_a_range_test_has_no_rate_to_change(client: TestClient) -> None:
    reply = client.post(
        "/api/runs",
        json={"design": SINE_MLP, "training": SINE | SGD | {"range_test": {}, "epochs": 1}},
    )
    assert reply.status_code == 201, reply.text
    run_id = reply.json()["id"]
    refused = client.post(f"/api/runs/{run_id}/rate", json={"learning_rate": 0.01})
    assert refused.status_code == 409, refused.text
    assert "learning-rate range test: it cannot be given a new rate" in refused.json()["detail"]
    wait_for(client, run_id, {"succeeded", "failed", "cancelled"})


def test_a_run_takes_a_bounded_number_of_new_rates(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bounded by the rates asked, not by its record: while paused each new rate replaces the
    last in the record, yet adds an event (a review: a loop of POSTs grew the log without end)."""
    monkeypatch.setattr(control, "MAX_RATE_CHANGES", 3)
    run_id = _start(client, SGD | {"epochs": 1000})
    _wait(client, run_id, lambda run: run["status"] == "running", "it never started")
    assert client.post(f"/api/runs/{run_id}/pause").status_code == 200
    wait_for(client, run_id, {"paused"})
    for lr in (0.01, 0.02, 0.03):
        reply = client.post(f"/api/runs/{run_id}/rate", json={"learning_rate": lr})
        assert reply.status_code == 200, reply.text
        _said(client, run_id, round(lr * 100))
    reply = client.post(f"/api/runs/{run_id}/rate", json={"learning_rate": 0.04})
    assert reply.status_code == 409, reply.text
    assert reply.json()["detail"] == (
        f"Run {run_id} has been given 3 new learning rates, the most a run takes: let it train "
        "at this one, or start a new run."
    )
    assert len(_said(client, run_id, 3)) == 3
    assert [c["lr"] for c in client.get(f"/api/runs/{run_id}").json()["lr_changes"]] == [0.03]
    client.post(f"/api/runs/{run_id}/cancel")
    wait_for(client, run_id, {"cancelled"})
    # Its count is the server's memory of it: gone with the run (a soak review saw it kept).
    service = client.app.state.services.run_service  # type: ignore[attr-defined]
    assert run_id in service.control._rates_asked
    assert client.delete(f"/api/runs/{run_id}").status_code == 204
    assert run_id not in service.control._rates_asked


def test_a_count_let_go_is_counted_again_from_the_log(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server keeps the counts of the runs most recently given a rate (RATES_KEPT): one let
    go is counted again from the run's log, and the bound holds."""
    monkeypatch.setattr(control, "MAX_RATE_CHANGES", 2)
    monkeypatch.setattr(control, "RATES_KEPT", 0)  # each let go as soon as it is kept
    run_id = _start(client, SGD | {"epochs": 1000})
    try:
        _wait(client, run_id, lambda run: run["status"] == "running", "it never started")
        assert client.post(f"/api/runs/{run_id}/pause").status_code == 200
        wait_for(client, run_id, {"paused"})
        for lr in (0.01, 0.02):
            reply = client.post(f"/api/runs/{run_id}/rate", json={"learning_rate": lr})
            assert reply.status_code == 200, reply.text
            _said(client, run_id, round(lr * 100))
        service = client.app.state.services.run_service  # type: ignore[attr-defined]
        assert service.control._rates_asked == {}  # every count let go, the others' too
        reply = client.post(f"/api/runs/{run_id}/rate", json={"learning_rate": 0.03})
        assert reply.status_code == 409, reply.text
    finally:  # the module's one worker, for the tests after
        client.post(f"/api/runs/{run_id}/cancel")
        wait_for(client, run_id, {"cancelled"})


def test_a_queued_run_is_told_to_wait_for_its_start(client: TestClient) -> None:
    first = _start(client, SGD | {"epochs": 1000})  # the one worker trains it
    _wait(client, first, lambda run: run["status"] == "running", "it never started")
    queued = _start(client, SGD | {"epochs": 1000})
    reply = client.post(f"/api/runs/{queued}/rate", json={"learning_rate": 0.01})
    assert reply.status_code == 409, reply.text
    assert reply.json()["detail"] == (
        f"Run {queued} is still queued: set its learning rate once it is running."
    )
    for run_id in (queued, first):
        client.post(f"/api/runs/{run_id}/cancel")
        wait_for(client, run_id, {"cancelled"})
    assert client.get(f"/api/runs/{queued}").json()["lr_changes"] == []


def test_a_rate_set_while_paused_goes_on_after_the_server_restarts(tmp_path: Path) -> None:
    """Kept paused across a restart (its log then ends with the rate, not the pause), and
    Resume trains on at the rate set before the server stopped."""
    with open_client(tmp_path) as first:
        run_id = _start(first, SGD | {"epochs": 100})  # seconds: paused as soon as it runs
        _wait(first, run_id, lambda run: run["status"] == "running", "it never started")
        assert first.post(f"/api/runs/{run_id}/pause").status_code == 200
        wait_for(first, run_id, {"paused"})
        assert (
            first.post(f"/api/runs/{run_id}/rate", json={"learning_rate": 0.002}).status_code == 200
        )
        (said,) = _said(first, run_id)
        cookie = first.cookies["torchcanvas_owner"]
    with open_client(tmp_path) as second:
        second.cookies.set("torchcanvas_owner", cookie)
        run = second.get(f"/api/runs/{run_id}").json()
        assert (run["status"], run["worker_gone"]) == ("paused", True)
        refused = second.post(f"/api/runs/{run_id}/rate", json={"learning_rate": 0.001})
        assert refused.status_code == 409 and "press Resume" in refused.json()["detail"]
        assert second.post(f"/api/runs/{run_id}/resume").status_code == 200
        assert wait_for(second, run_id, {"succeeded"}, timeout=120)["status"] == "succeeded"
        events = _events(second, run_id)
        rates = _step_lrs(events)
        assert {r for s, r in rates.items() if s <= said["step"]} <= {0.05}  # none at step 0
        assert {r for s, r in rates.items() if s > said["step"]} == {0.002}
        code = _assert_script_prints_the_runs_losses(second, run_id, events, tmp_path)
        assert f"LR_CHANGES = {{{said['step']}: 0.002}}" in code


def test_a_rate_that_trained_stands_when_the_worker_dies_and_when_its_continue_stops_short(
    client: TestClient,
) -> None:
    """A worker that dies says nothing of where it got to, and the run's numbers are its last
    epoch end's: a rate set since, and trained with, is no rate "never set" (a review: the record
    dropped it and the page said no step trained with it, after 670 steps had). Nor is it when
    the Continue from the epoch end stops before it gets back there (a second review): it is
    set again at its step when a part reaches it."""
    digits = DIGITS_TRAINING | {"batch_size": 1, "epochs": 200}
    reply = client.post("/api/runs", json={"design": DIGITS_CNN, "training": digits})
    assert reply.status_code == 201, reply.text
    run_id = reply.json()["id"]
    _wait(client, run_id, lambda run: run["metrics"]["epoch"] >= 1, "no epoch ended")

    def progress() -> list[dict[str, Any]]:
        return [e for e in _events(client, run_id) if e["type"] == "progress"]

    def trained_to(step: int) -> None:
        deadline = time.monotonic() + 60
        while progress()[-1]["step"] < step:
            assert time.monotonic() < deadline, f"it never trained to step {step}"
            time.sleep(0.02)

    executor = client.app.state.services.executor  # type: ignore[attr-defined]
    epoch_end = client.get(f"/api/runs/{run_id}").json()["metrics"]["step"]
    trained_to(epoch_end + 100)  # the rate's step well past the epoch end gone on from
    assert client.post(f"/api/runs/{run_id}/rate", json={"learning_rate": 0.002}).status_code == 200
    (said,) = _said(client, run_id)
    trained_to(said["step"] + 50)  # steps trained at it, in the same epoch
    assert client.get(f"/api/runs/{run_id}").json()["metrics"]["step"] == epoch_end
    (pid,) = executor.worker_pids()
    os.kill(pid, signal.SIGKILL)
    run = wait_for(client, run_id, {"failed"})
    change = {"epoch": said["epoch"], "step": said["step"], "lr": 0.002, "live": True}
    assert run["lr_changes"] == [change]
    (end,) = [e for e in _events(client, run_id) if e["type"] == "end"]
    assert end["rate_not_set"] is None

    def go_on() -> str:
        assert client.post(f"/api/runs/{run_id}/continue", json={}).status_code == 200
        return run_id

    def pause(_: str) -> None:  # sent behind the Continue: it lands at the part's first steps
        assert executor.pause(run_id)  # to the worker: the API waits for the run to start

    start_behind_held_worker(client, pause, start=go_on)
    wait_for(client, run_id, {"paused"})
    assert client.post(f"/api/runs/{run_id}/cancel").status_code == 200
    run = wait_for(client, run_id, {"cancelled"})
    assert run["metrics"]["step"] < said["step"]
    assert run["lr_changes"] == [change]
    end = [e for e in _events(client, run_id) if e["type"] == "end"][-1]
    assert end["rate_not_set"] is None
