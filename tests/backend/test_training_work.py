"""A run's training work is bounded: optimizer steps and sample-MACs, each a setting, checked
before a run is saved or queued, and again for Continue and "Train N more epochs"."""

from typing import Any

from fastapi.testclient import TestClient

from tests.backend import templates
from tests.backend.conftest import ENDED, wait_for
from tests.backend.templates import EDITOR_STEPS, design_json, layer
from torchcanvas.design.schema import Design
from torchcanvas.design.validate import validate_design
from torchcanvas.training.checkpoint import read_position
from torchcanvas.training.data import dataset_names, find_dataset
from torchcanvas.training.settings import TrainingSettings
from torchcanvas.training.work import WorkLimits, run_work, work_issues

SETTINGS: dict[str, Any] = {
    "dataset": "digits",
    "loss": "CrossEntropyLoss",
    "optimizer": "Adam",
    "lr": 0.001,
    "seed": 0,
}
LINEAR = design_json("linear", [layer("flat", "Flatten"), layer("fc", "Linear", out_features=10)])
# The review's design: 1.2 G MACs a sample, 37 hours at 1,000 epochs of batch 1.
WIDE_UP = design_json(
    "wide-up",
    [
        layer("up", "ConvTranspose2d", out_channels=64, kernel_size=16, stride=16),
        layer("c1", "Conv2d", out_channels=64, kernel_size=3),
        layer("c2", "Conv2d", out_channels=64, kernel_size=3),
        layer("pool", "AdaptiveAvgPool2d", output_size=1),
        layer("flat", "Flatten"),
        layer("fc", "Linear", out_features=10),
    ],
)


def _post(client: TestClient, design: dict[str, Any], **training: Any) -> Any:
    return client.post("/api/runs", json={"design": design, "training": SETTINGS | training})


def test_a_run_over_the_steps_limit_is_refused_before_it_is_saved(client: TestClient) -> None:
    reply = _post(client, LINEAR, epochs=1000, batch_size=1)
    assert reply.status_code == 422, reply.text
    assert reply.json()["errors"] == [
        {
            "node": None,
            "field": "training.epochs",
            "message": "Training this run for 1,000 epochs takes 1,437,000 optimizer steps "
            "(batches of 1 from 1,437 training samples), over this server's limit of 1,000,000 "
            "(TORCHCANVAS_MAX_TRAINING_STEPS): train at most 695 epochs, or use a larger batch "
            "size or a smaller dataset.",
            "fix": None,
        }
    ]
    assert client.get("/api/runs").json() == []  # nothing saved, nothing queued


def test_a_run_over_the_sample_macs_limit_is_refused(client: TestClient) -> None:
    # At batch 64 it takes 23,000 steps, well under that limit: the MACs alone refuse it.
    reply = _post(client, WIDE_UP, epochs=1000, batch_size=64)
    assert reply.status_code == 422, reply.text
    assert [error["message"] for error in reply.json()["errors"]] == [
        "Training this run for 1,000 epochs takes 1,657 trillion multiply-accumulates "
        "(1,153,122,944 a sample through the design × 1,437 training samples × 1,000 epochs), "
        "over this server's limit of 5 trillion (TORCHCANVAS_MAX_TRAINING_MACS): train at most "
        "3 epochs, or use a smaller design (narrower layers, smaller feature maps) or a smaller "
        "dataset."
    ]
    assert client.get("/api/runs").json() == []


def test_a_range_test_is_bounded_by_its_steps(client: TestClient) -> None:
    reply = _post(client, WIDE_UP, epochs=1, batch_size=16, range_test={"steps": 500})
    assert reply.status_code == 422, reply.text
    assert [(e["field"], e["message"]) for e in reply.json()["errors"]] == [
        (
            "training.range_test.steps",
            "This range test of 500 steps takes 9.2 trillion multiply-accumulates "
            "(1,153,122,944 a sample through the design × 16 samples a step × 500 steps), over "
            "this server's limit of 5 trillion (TORCHCANVAS_MAX_TRAINING_MACS): use fewer steps, "
            "or a smaller design (narrower layers, smaller feature maps).",
        )
    ]


def test_a_run_under_the_limits_still_starts(client: TestClient) -> None:
    mlp = templates.mlp([1, 8, 8], 10)
    reply = _post(client, mlp, epochs=1000, batch_size=32)  # 45,000 steps, 13 billion MACs
    assert reply.status_code == 201, reply.text
    run_id = reply.json()["id"]
    wait_for(client, run_id, {"running"})
    client.post(f"/api/runs/{run_id}/cancel")
    wait_for(client, run_id, ENDED)


def test_train_more_epochs_over_the_limit_is_refused(client: TestClient) -> None:
    run_id = _post(client, LINEAR, epochs=1, batch_size=1).json()["id"]
    wait_for(client, run_id, {"succeeded"})
    refused = client.post(f"/api/runs/{run_id}/continue", json={"epochs": 800})
    assert refused.status_code == 422, refused.text
    assert refused.json()["detail"] == (
        "Training this run for 800 more epochs takes 1,149,600 optimizer steps (batches of 1 "
        "from 1,437 training samples), over this server's limit of 1,000,000 "
        "(TORCHCANVAS_MAX_TRAINING_STEPS): ask for at most 695 more epochs, or start a new run "
        "with a larger batch size."
    )
    assert client.get(f"/api/runs/{run_id}").json()["status"] == "succeeded"  # not queued
    allowed = client.post(f"/api/runs/{run_id}/continue", json={"epochs": 2})
    assert allowed.status_code == 200, allowed.text
    assert wait_for(client, run_id, ENDED)["training"]["epochs"] == 3


def test_the_test_set_held_out_is_not_counted_as_trained(client: TestClient) -> None:
    """A run with a test set trains on the training part less it (1,437 - 144 digits): its
    steps are counted on those, for a new run and for a Continue alike."""
    refused = _post(client, LINEAR, epochs=1000, batch_size=1, test_fraction=0.1)
    assert refused.status_code == 422, refused.text
    assert refused.json()["errors"][0]["message"].startswith(
        "Training this run for 1,000 epochs takes 1,293,000 optimizer steps (batches of 1 from "
        "1,293 training samples), over this server's limit of 1,000,000 "
        "(TORCHCANVAS_MAX_TRAINING_STEPS): train at most 773 epochs,"
    )
    made = _post(client, LINEAR, epochs=1, batch_size=1, test_fraction=0.1)
    assert made.status_code == 201, made.text
    run_id = made.json()["id"]
    wait_for(client, run_id, {"succeeded"})
    more = client.post(f"/api/runs/{run_id}/continue", json={"epochs": 800})
    assert more.status_code == 422, more.text
    assert more.json()["detail"].startswith(
        "Training this run for 800 more epochs takes 1,034,400 optimizer steps (batches of 1 "
        "from 1,293 training samples), over this server's limit of 1,000,000 "
        "(TORCHCANVAS_MAX_TRAINING_STEPS): ask for at most 773 more epochs,"
    )


def test_continue_to_the_planned_epochs_is_bounded_too(client: TestClient) -> None:
    """Continue trains the epochs a stopped run has left; a server whose limits were lowered
    since it started refuses them as it would a new run of them."""
    run_id = _post(client, LINEAR, epochs=5, batch_size=1).json()["id"]
    wait_for(client, run_id, {"running"})
    client.post(f"/api/runs/{run_id}/cancel")
    wait_for(client, run_id, {"cancelled"})
    service = client.app.state.services.run_service  # type: ignore[attr-defined]
    position = read_position(service.folder(run_id))
    assert position is not None
    left = 5 - (position.epoch - 1)
    continued = service.continued_runs  # Continue checks its limits as new runs do
    continued.work_limits = WorkLimits(max_steps=1000)
    try:
        refused = client.post(f"/api/runs/{run_id}/continue")
    finally:
        continued.work_limits = WorkLimits()
    assert refused.status_code == 422, refused.text
    assert refused.json()["detail"] == (
        f"Training this run for {left} more epochs takes {left * 1437:,} optimizer steps "
        "(batches of 1 from 1,437 training samples), over this server's limit of 1,000 "
        "(TORCHCANVAS_MAX_TRAINING_STEPS): start a new run with a larger batch size."
    )
    assert client.get(f"/api/runs/{run_id}").json()["status"] == "cancelled"


def _issues(design: Design, train_samples: int, **training: Any) -> list[str]:
    settings = TrainingSettings.model_validate(SETTINGS | training)
    estimate = validate_design(design, settings.batch_size).estimate
    assert estimate is not None
    work = run_work(estimate.macs_per_sample, train_samples, settings)
    return [issue.message for issue in work_issues(work, WorkLimits())]


def test_the_default_limits_take_every_template_on_every_built_in_set() -> None:
    for name in dataset_names():
        info = find_dataset(name)
        outputs = len(info.classes or []) or 1
        designs = [Design.model_validate(templates.mlp(info.sample_shape, outputs))]
        if name == "digits":
            designs += [
                Design.model_validate(templates.LENET),
                Design.model_validate(templates.RESIDUAL),
            ]
        suggested = info.suggested.model_dump() if info.suggested else EDITOR_STEPS
        for design in designs:
            for steps in (EDITOR_STEPS, suggested):
                assert _issues(design, info.train_size, **steps) == [], (name, design.name, steps)
    digits_mlp = Design.model_validate(templates.mlp([1, 8, 8], 10))
    assert _issues(digits_mlp, 1437, epochs=1000, batch_size=32) == []


def test_the_default_limits_refuse_the_reviews_runs() -> None:
    wide_up = _issues(Design.model_validate(WIDE_UP), 1437, epochs=1000, batch_size=1)
    assert len(wide_up) == 2  # over both: 1,437,000 steps and 1,657 trillion MACs
    # Each says the epochs both allow, as both's: the steps' "at most 3" read as a wrong count
    # beside its own 1,000,000 steps of 1,437 an epoch (a new user's review).
    assert all("train at most 3 epochs (within both limits), or use" in issue for issue in wide_up)
    # A Linear model on a 1 M-row upload (800,000 rows to train on), 20 features, 2 classes.
    table = Design.model_validate(
        {
            "version": 1,
            "name": "t",
            "input_shape": [20],
            "layers": [layer("fc", "Linear", out_features=2)],
        }
    )
    assert len(_issues(table, 800_000, epochs=1000, batch_size=64)) == 1  # 12.5 M steps
