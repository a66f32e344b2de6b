"""Continue with a new learning rate: the optimizer keeps its state and trains on at the new
rate, the run keeps each change, and its script repeats it at the same step."""

import time
from pathlib import Path
from typing import Any

import pytest
import torch
from fastapi.testclient import TestClient

from tests.backend.conftest import LONG, open_client, start_run, wait_for
from tests.backend.test_codegen import _EPOCH, SINE_MLP, run_script
from torchcanvas.training.checkpoint import load_checkpoint

torch.set_num_threads(1)  # as in a worker: a validation pass on two threads sums in another order

SINE = {"dataset": "sine", "loss": "MSELoss", "lr": 0.05, "batch_size": 100, "seed": 3}


def _train(client: TestClient, training: dict[str, Any]) -> str:
    reply = client.post("/api/runs", json={"design": SINE_MLP, "training": training})
    assert reply.status_code == 201, reply.text
    run_id = reply.json()["id"]
    assert wait_for(client, run_id, {"succeeded"}, timeout=120)["status"] == "succeeded"
    return str(run_id)


def _continue(client: TestClient, run_id: str, body: dict[str, Any]) -> list[dict[str, Any]]:
    """Continues the run with `body` until it ends; its events."""
    reply = client.post(f"/api/runs/{run_id}/continue", json=body)
    assert reply.status_code == 200, reply.text
    assert wait_for(client, run_id, {"succeeded"}, timeout=120)["status"] == "succeeded"
    return list(client.get(f"/api/runs/{run_id}/events", params={"limit": 10000}).json())


def _step_lrs(events: list[dict[str, Any]]) -> dict[int, float]:
    """The rate of each step, from the progress frames (the LR chart's numbers)."""
    rates: dict[int, float] = {}
    for frame in (e for e in events if e["type"] == "progress"):
        lrs = frame["lrs"] or [frame["lr"]] * len(frame["losses"])
        first = frame["step"] - len(lrs) + 1
        rates.update({first + i: lr for i, lr in enumerate(lrs)})
    return rates


def _assert_script_prints_the_runs_losses(
    client: TestClient, run_id: str, events: list[dict[str, Any]], tmp_path: Path
) -> str:
    epochs = [e for e in events if e["type"] == "epoch"]
    code = client.get(f"/api/runs/{run_id}/code.py").text
    path = tmp_path / "continued.py"
    path.write_text(code)
    printed = [(int(e), float(t), float(v)) for e, t, v in _EPOCH.findall(run_script(path))]
    assert [p[0] for p in printed] == [e["epoch"] for e in epochs]
    for (_, train_loss, val_loss), event in zip(printed, epochs, strict=True):
        assert train_loss == pytest.approx(event["train_loss"], abs=1e-4)
        assert val_loss == pytest.approx(event["val_loss"], abs=1e-4)
    return code


def test_a_new_rate_trains_the_continued_epochs_with_adams_state_kept(
    client: TestClient, tmp_path: Path
) -> None:
    run_id = _train(client, {**SINE, "optimizer": "Adam", "epochs": 2})
    events = _continue(client, run_id, {"epochs": 2, "learning_rate": 0.005})
    steps = next(e for e in events if e["type"] == "epoch")["step"]  # per epoch
    rates = _step_lrs(events)
    assert set(rates) == set(range(1, 4 * steps + 1))
    assert {rates[s] for s in range(1, 2 * steps + 1)} == {0.05}
    assert {rates[s] for s in range(2 * steps + 1, 4 * steps + 1)} == {0.005}
    started = [e for e in events if e["type"] == "started"]
    assert [s["lr"] for s in started] == [None, 0.005]
    run = client.get(f"/api/runs/{run_id}").json()
    assert run["training"]["lr"] == 0.05  # the rate it started with stays its setting
    assert run["lr_changes"] == [{"epoch": 3, "step": 2 * steps, "lr": 0.005, "live": False}]
    # Adam's moments went on: its step count is every step's, not the continued part's alone.
    saved = load_checkpoint(Path(client.app.state.services.run_service.folder(run_id).path))  # type: ignore[attr-defined]
    assert {float(s["step"]) for s in saved.optimizer["state"].values()} == {4.0 * steps}
    assert {g["lr"] for g in saved.optimizer["param_groups"]} == {0.005}
    # The script (a plain torch loop) sets the rate at the same step, and prints the same losses:
    # had the worker started Adam afresh, its moments would differ and so would every loss.
    code = _assert_script_prints_the_runs_losses(client, run_id, events, tmp_path)
    assert f"LR_CHANGES = {{{2 * steps}: 0.005}}" in code
    # A plain Continue after it trains on at the new rate, not the first one.
    events = _continue(client, run_id, {"epochs": 1})
    assert {r for s, r in _step_lrs(events).items() if s > 4 * steps} == {0.005}
    assert [s["lr"] for s in events if s["type"] == "started"] == [None, 0.005, None]
    _assert_script_prints_the_runs_losses(client, run_id, events, tmp_path)


@pytest.mark.parametrize(
    "training",
    [
        {"optimizer": "SGD", "optimizer_params": {"momentum": 0.9}, "scheduler": "StepLR"},
        {"optimizer": "Adam", "scheduler": "CosineAnnealingLR"},
    ],
    ids=["step", "cosine"],
)
def test_a_new_rate_starts_the_schedule_over_from_it(
    client: TestClient, tmp_path: Path, training: dict[str, Any]
) -> None:
    params = (
        {"scheduler_params": {"step_size": 1, "gamma": 0.5}} if "StepLR" in str(training) else {}
    )
    run_id = _train(client, {**SINE, **training, **params, "epochs": 2})
    events = _continue(client, run_id, {"epochs": 2, "learning_rate": 0.02})
    steps = next(e for e in events if e["type"] == "epoch")["step"]
    rates = _step_lrs(events)
    assert rates[2 * steps + 1] == pytest.approx(0.02)  # from the new rate, not where it ended
    assert rates[2 * steps] < 0.05  # the first schedule had lowered it
    assert rates[4 * steps] < 0.02  # and the new one lowers it again
    code = _assert_script_prints_the_runs_losses(client, run_id, events, tmp_path)
    assert f"SCHEDULE_STARTS = {{0: 2, {2 * steps}: 4}}" in code
    # Trained on past its plan, the cosine's warm restart starts from the new rate, not LR.
    events = _continue(client, run_id, {"epochs": 1})
    if training["scheduler"] == "CosineAnnealingLR":
        assert _step_lrs(events)[4 * steps + 1] == pytest.approx(0.02)
    _assert_script_prints_the_runs_losses(client, run_id, events, tmp_path)


@pytest.fixture(scope="module")
def ended(client: TestClient) -> str:
    return _train(client, {**SINE, "optimizer": "Adam", "epochs": 1})


@pytest.mark.parametrize("bad", [0, -0.1, "0.1", 11, 1e300, True, [0.1]])
def test_a_bad_learning_rate_is_refused_naming_the_field(
    client: TestClient, ended: str, bad: Any
) -> None:
    reply = client.post(f"/api/runs/{ended}/continue", json={"epochs": 1, "learning_rate": bad})
    assert reply.status_code == 422, reply.text
    assert "learning_rate" in reply.json()["detail"], reply.text
    assert client.get(f"/api/runs/{ended}").json()["status"] == "succeeded"  # not queued
    assert client.get(f"/api/runs/{ended}").json()["lr_changes"] == []


def test_a_rate_at_or_below_the_schedules_floor_is_refused(client: TestClient) -> None:
    """Started over from it, CosineAnnealingLR would climb to its eta_min: a ÷ 10 ended 10x up."""
    cosine = {"scheduler": "CosineAnnealingLR", "scheduler_params": {"eta_min": 0.001}}
    run_id = _train(client, {**SINE, **cosine, "optimizer": "Adam", "epochs": 1})
    reply = client.post(f"/api/runs/{run_id}/continue", json={"epochs": 1, "learning_rate": 1e-4})
    assert reply.status_code == 422, reply.text
    assert reply.json()["errors"][0]["field"] == "learning_rate"
    assert reply.json()["detail"] == (
        "learning_rate: 0.0001 is not above the schedule's eta_min 0.001, the lowest rate "
        "CosineAnnealingLR goes to, so the rate would climb to it or stay: give a rate above "
        "0.001, or start a run with a lower eta_min."
    )
    assert client.get(f"/api/runs/{run_id}").json()["status"] == "succeeded"  # not queued
    above = client.post(f"/api/runs/{run_id}/continue", json={"epochs": 1, "learning_rate": 0.002})
    assert above.status_code == 200, above.text
    assert wait_for(client, run_id, {"succeeded", "failed"})["status"] == "succeeded"


def test_a_new_rate_mid_epoch_is_set_at_that_step_in_the_script_too(
    client: TestClient, tmp_path: Path
) -> None:
    training = {**SINE, "optimizer": "SGD", "optimizer_params": {"momentum": 0.9}}
    reply = client.post(
        "/api/runs",
        json={"design": SINE_MLP, "training": {**training, "batch_size": 8, "epochs": 500}},
    )
    run_id = reply.json()["id"]
    deadline = time.monotonic() + 60
    while client.get(f"/api/runs/{run_id}").json()["metrics"]["step"] < 150:
        assert time.monotonic() < deadline, "the run never reached step 150"
        time.sleep(0.02)
    # Held inside an epoch (a Stop as it came often landed on an epoch's end, where its
    # validation and checkpoint take most of a tiny epoch's time), then stopped there.
    assert client.post(f"/api/runs/{run_id}/pause").status_code == 200
    wait_for(client, run_id, {"paused"})
    log = f"/api/runs/{run_id}/events"
    held = [e for e in client.get(log, params={"limit": 10000}).json() if e["type"] == "paused"]
    if held[-1]["step"] % 60 == 0:  # 60 steps an epoch: one Step more
        assert client.post(f"/api/runs/{run_id}/step").status_code == 200
        deadline = time.monotonic() + 30
        while sum(
            e["type"] == "paused" for e in client.get(log, params={"limit": 10000}).json()
        ) == len(held):
            assert time.monotonic() < deadline, "the Step never held again"
            time.sleep(0.02)
    assert client.post(f"/api/runs/{run_id}/cancel").status_code == 200
    stopped = wait_for(client, run_id, {"cancelled"})["metrics"]
    events = _continue(client, run_id, {"epochs": 1, "learning_rate": 0.002})
    steps = next(e for e in events if e["type"] == "epoch")["step"]
    at = [e for e in events if e["type"] == "started"][1]["first_step"]
    assert at % steps != 0, "stopped at an epoch's end: nothing mid-epoch to test"
    assert at == stopped["step"]
    rates = _step_lrs(events)
    assert {r for s, r in rates.items() if s <= at} == {0.05}
    assert {r for s, r in rates.items() if s > at} == {0.002} and at + 1 in rates
    change = client.get(f"/api/runs/{run_id}").json()["lr_changes"]
    assert change == [{"epoch": stopped["epoch"] + 1, "step": at, "lr": 0.002, "live": False}]
    code = _assert_script_prints_the_runs_losses(client, run_id, events, tmp_path)
    assert f"LR_CHANGES = {{{at}: 0.002}}" in code


def test_a_run_queued_at_a_new_rate_when_the_server_stops_goes_on_at_it(tmp_path: Path) -> None:
    with open_client(tmp_path / "data") as first:
        run_id = _train(first, {**SINE, "optimizer": "Adam", "epochs": 2})
        busy = start_run(first, **LONG)  # the only worker's: the Continue waits behind it
        wait_for(first, busy, {"running"})
        reply = first.post(
            f"/api/runs/{run_id}/continue", json={"learning_rate": 0.004, "epochs": 1}
        )
        assert reply.status_code == 200 and reply.json()["status"] == "queued", reply.text
        cookie = first.cookies["torchcanvas_owner"]
    with open_client(tmp_path / "data") as second:
        second.cookies.set("torchcanvas_owner", cookie)
        # The long run the stop interrupted goes on first, by itself (runs/going_on.py), and
        # held the only worker past the wait on a busy machine: it is stopped.
        wait_for(second, busy, {"queued", "running"})
        assert second.post(f"/api/runs/{busy}/cancel").status_code == 200
        assert wait_for(second, run_id, {"succeeded"}, timeout=120)["lr_changes"][0]["lr"] == 0.004
        events = second.get(f"/api/runs/{run_id}/events", params={"limit": 10000}).json()
        steps = next(e for e in events if e["type"] == "epoch")["step"]
        assert {r for s, r in _step_lrs(events).items() if s > 2 * steps} == {0.004}
        _assert_script_prints_the_runs_losses(second, run_id, events, tmp_path)
