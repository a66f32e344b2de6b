"""The learning-rate range test: the rate the optimizer really used each step, with torch as the
oracle; the early stop once the loss blows up; the suggestion as the README documents it."""

import math
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import torch
from fastapi.testclient import TestClient
from torch.optim.optimizer import register_optimizer_step_pre_hook

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING, read_socket, start_run, wait_for
from torchcanvas.training.events import EndEvent, LrRangeEvent, ProgressEvent, TrainingEvent
from torchcanvas.training.job import TrainingJob
from torchcanvas.training.loop import train
from torchcanvas.training.lr_range import RangeCurve, ending_message


@pytest.fixture
def stepped_lrs() -> Iterator[list[float]]:
    """The learning rate of every optimizer step taken, as torch's optimizer holds it."""
    seen: list[float] = []

    def look(optimizer: torch.optim.Optimizer, *_: Any) -> None:
        seen.append(optimizer.param_groups[0]["lr"])

    handle = register_optimizer_step_pre_hook(look)
    yield seen
    handle.remove()


def _range_test(
    folder: Path,
    should_stop: Callable[[], bool] = lambda: False,
    events: list[TrainingEvent] | None = None,
    **training: Any,
) -> tuple[LrRangeEvent, EndEvent]:
    """Runs a range test; `events`, when given, receives every event it sent."""
    events = [] if events is None else events
    job = TrainingJob(design=DIGITS_CNN, training={**DIGITS_TRAINING, **training}, folder=folder)
    train(job, events.append, should_stop)
    curve = [e for e in events if isinstance(e, LrRangeEvent)]
    assert len(curve) == 1 and isinstance(events[-1], EndEvent)
    return curve[0], events[-1]


def _smoothed(losses: list[float]) -> list[float]:
    """The README's smoothing: a running average weighted 0.9, divided by 1 - 0.9^n."""
    average, out = 0.0, []
    for n, loss in enumerate(losses, start=1):
        average = 0.9 * average + 0.1 * loss
        out.append(average / (1 - 0.9**n))
    return out


def test_the_rate_rises_exponentially_step_by_step(
    tmp_path: Path, stepped_lrs: list[float]
) -> None:
    test = {"start_lr": 1e-5, "end_lr": 1e-2, "steps": 25}
    events: list[TrainingEvent] = []
    curve, end = _range_test(tmp_path, events=events, range_test=test, batch_size=32)

    assert end.status == "succeeded" and not curve.diverged
    assert stepped_lrs == curve.lrs and len(curve.lrs) == 25  # more than one pass over digits
    for i, lr in enumerate(stepped_lrs):
        assert math.isclose(lr, 1e-5 * 1000 ** (i / 24), rel_tol=1e-9)
    assert math.isclose(curve.lrs[-1], 1e-2, rel_tol=1e-9)
    # Its progress frames start at the first step, at the start rate: the rate chart starts there.
    frames = [e for e in events if isinstance(e, ProgressEvent)]
    assert frames[0].step == 1 and frames[0].lr == 1e-5
    # Each step's rate, as its frames carry them for the rate chart: the optimizer's own.
    assert [lr for f in frames for lr in (f.lrs or [f.lr] * len(f.losses))] == stepped_lrs
    assert curve.smoothed == pytest.approx(_smoothed(curve.losses), rel=1e-9)
    lowest = min(range(25), key=lambda i: curve.smoothed[i])
    assert curve.min_lr == curve.lrs[lowest]
    assert curve.suggested_lr == max(1e-5, curve.lrs[lowest] / 10)
    assert curve.suggested_lr is not None and 1e-5 <= curve.suggested_lr <= 1e-2


def test_it_stops_early_once_the_smoothed_loss_passes_four_times_its_minimum(
    tmp_path: Path, stepped_lrs: list[float]
) -> None:
    test = {"start_lr": 1e-3, "end_lr": 100, "steps": 60}
    curve, end = _range_test(tmp_path, range_test=test, optimizer="SGD", lr=0.05)

    assert curve.diverged and end.status == "succeeded" and "blew up" in (end.message or "")
    done = len(curve.lrs)
    assert 5 < done < 60
    # Every step before the last was under 4x the minimum so far; the last went over it.
    for i in range(done - 1):
        assert curve.smoothed[i] <= 4 * min(curve.smoothed[: i + 1])
    assert curve.smoothed[-1] > 4 * min(curve.smoothed)
    assert stepped_lrs == curve.lrs[:-1]  # the step that blew up is not taken
    assert curve.suggested_lr is not None and 1e-3 <= curve.suggested_lr < curve.lrs[-1]


def test_stop_keeps_the_curve_so_far(tmp_path: Path) -> None:
    asked = iter(range(1000))
    test = {"start_lr": 1e-5, "end_lr": 1e-2, "steps": 50}
    curve, end = _range_test(tmp_path, lambda: next(asked) >= 8, range_test=test)

    assert end.status == "cancelled" and 0 < len(curve.lrs) < 10
    assert end.message == (
        f"Stopped at step {len(curve.lrs)}: the curve so far is kept, with too few points for a "
        f"suggestion (the loss was still falling at lr {curve.lrs[-1]:.1e}). Run the test again "
        "and let it pass the rate where the loss turns up."
    )
    assert curve.suggested_lr is None and curve.min_lr is not None and not curve.diverged


@pytest.mark.parametrize(
    ("losses", "suggested"),
    [
        ([3.0 - 0.1 * i for i in range(20)], False),  # still falling where it was stopped
        ([3.0, 2.0, 1.0, 0.5, 0.4, 0.4, 0.5, 0.8, 1.2, 1.6, 2.0, 2.4], True),  # it turned
        ([3.0, 1.0, 2.0, 3.0], False),  # turned, but in too few steps to trust
    ],
    ids=["falling", "turned", "few"],
)
def test_a_stopped_curve_suggests_a_rate_once_its_loss_has_turned_up(
    losses: list[float], suggested: bool
) -> None:
    curve = RangeCurve(1e-5)
    for i, loss in enumerate(losses):
        curve.add(1e-5 * 2**i, loss)
    assert (curve.event(stopped=True).suggested_lr is not None) is suggested
    assert curve.event().suggested_lr is not None  # a test that ran to its end always suggests


def test_a_test_that_reached_its_last_rate_says_how_its_curve_went() -> None:
    """ "without the loss blowing up" was said of a curve whose chart doubled past its lowest."""
    rose, falling = RangeCurve(1e-5), RangeCurve(1e-5)
    for i, loss in enumerate([3.0, 2.0, 1.0, 0.5, 0.4, 0.4, 0.5, 0.8, 1.0, 1.1, 1.2, 1.3]):
        rose.add(1e-5 * 2**i, loss)
    for i in range(12):
        falling.add(1e-5 * 2**i, 3.0 - 0.2 * i)
    lowest = min(range(12), key=rose.smoothed.__getitem__)
    assert ending_message("succeeded", rose, 12) == (
        f"Reached the last rate in 12 steps. The loss was lowest at lr {rose.lrs[lowest]:.1e} and "
        f"rose after it, to {rose.smoothed[-1] / rose.smoothed[lowest]:.2f} times that by the end "
        "(short of the 4 times that ends the test)."
    )
    # A curve that rose a little after a lowest mid-way, or in a test of five steps, rose.
    for losses in ([0.5] * 5 + [0.3] * 40 + [0.32] * 30, [1, 0.5, 0.3, 0.6, 0.9]):
        little = RangeCurve(1e-5)
        for i, loss in enumerate(losses):
            little.add(1e-5 * 1.2**i, loss)
        assert "rose after it" in ending_message("succeeded", little, len(losses)), losses
    assert ending_message("succeeded", falling, 12) == (
        f"Reached the last rate in 12 steps. The loss was still falling at the end (lr "
        f"{falling.lrs[-1]:.1e} was its lowest): raise the test's last rate to see where it turns "
        "up."
    )


@pytest.mark.parametrize(
    "augmentations", [{}, {"RandomCrop": {"padding": 1}}], ids=["plain", "crop"]
)
def test_its_first_step_is_a_runs_first_step(tmp_path: Path, augmentations: dict[str, Any]) -> None:
    """A fresh copy with the same seed, order and augmentation: before any update, the same loss."""
    test = {"start_lr": 1e-5, "end_lr": 1e-2, "steps": 5}
    curve, _ = _range_test(tmp_path / "test", range_test=test, augmentations=augmentations)
    events: list[TrainingEvent] = []
    training = {**DIGITS_TRAINING, "epochs": 1, "augmentations": augmentations}
    train(
        TrainingJob(design=DIGITS_CNN, training=training, folder=tmp_path),
        events.append,
        lambda: False,
    )
    first = next(e for e in events if isinstance(e, ProgressEvent))
    assert curve.losses[0] == first.losses[0]


def test_a_range_test_run_goes_through_a_worker(client: TestClient) -> None:
    test = {"start_lr": 1e-4, "end_lr": 1.0, "steps": 12}
    run_id = start_run(client, range_test=test)
    run = wait_for(client, run_id, {"succeeded", "failed", "cancelled"})

    assert run["status"] == "succeeded" and run["training"]["range_test"] == test
    events = read_socket(client, run_id)
    curve = next(e for e in events if e["type"] == "lr_range")
    assert len(curve["lrs"]) == 12 and curve["suggested_lr"] is not None
    assert [e["type"] for e in events][-2:] == ["lr_range", "end"]
    for action in ("continue", "pause"):
        reply = client.post(f"/api/runs/{run_id}/{action}", json={"epochs": None})
        assert reply.status_code == 409, reply.text
        assert reply.json()["detail"].startswith(
            f"Run {run_id} is a learning-rate range test: it cannot be "
        )
    # It keeps no model, and says so, not "train it again to have them" (a review).
    reply = client.get(f"/api/runs/{run_id}/weights.safetensors")
    assert reply.status_code == 404, reply.text
    assert reply.json()["detail"] == (
        f"Run {run_id} has no weights.safetensors yet: it is a learning-rate range test, which "
        "finds a rate and keeps no model: train a run at the rate it found."
    )


@pytest.mark.parametrize(
    ("test", "field", "message"),
    [
        (
            {"start_lr": 0},
            "training.range_test.start_lr",
            "training.range_test.start_lr: 0 must be above 0.",
        ),
        (
            {"start_lr": 1e-2, "end_lr": 1e-3},
            "training.range_test.end_lr",
            "A range test's rate rises: end_lr (0.001) must be above start_lr (0.01); "
            "try start_lr 1e-7 and end_lr 10.",
        ),
    ],
    ids=["non-positive start", "falling range"],
)
def test_a_bad_range_is_a_422_naming_the_field(
    client: TestClient, test: dict[str, Any], field: str, message: str
) -> None:
    body = {"design": DIGITS_CNN, "training": {**DIGITS_TRAINING, "range_test": test}}
    reply = client.post("/api/runs", json=body)
    assert reply.status_code == 422, reply.text
    [error] = reply.json()["errors"]
    assert (error["field"], error["message"]) == (field, message)


def test_an_invalid_design_is_a_422_naming_the_node(client: TestClient) -> None:
    broken = {**DIGITS_CNN, "layers": DIGITS_CNN["layers"][:3] + DIGITS_CNN["layers"][4:]}
    body = {"design": broken, "training": {**DIGITS_TRAINING, "range_test": {}}}
    reply = client.post("/api/runs", json=body)
    assert reply.status_code == 422, reply.text
    assert [error["node"] for error in reply.json()["errors"]] == ["fc"]


def test_a_range_test_that_is_no_object_says_what_to_send(client: TestClient) -> None:
    """`"range_test": true`, as a flag, got Pydantic's words alone."""
    body = {"design": DIGITS_CNN, "training": {**DIGITS_TRAINING, "range_test": True}}
    reply = client.post("/api/runs", json=body)
    assert reply.status_code == 422, reply.text
    assert reply.json()["errors"][0]["field"] == "training.range_test"
    assert reply.json()["detail"].endswith(
        ': an object, {} for the default sweep or {"start_lr", "end_lr", "steps"}, each optional.'
    )
