"""Starting a run from another run's trained weights: checked against the design, loaded exactly."""

from pathlib import Path
from typing import Any

import pytest
import torch
import torch.nn.functional as F
from fastapi.testclient import TestClient
from safetensors.torch import load_file

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING, LongRuns, start_run, wait_for
from torchcanvas.design.build import build_network
from torchcanvas.design.schema import Design
from torchcanvas.training.data import load_split

WHOLE_SET = 65536  # one batch per epoch: the first step's loss is the loss of the step-0 weights


@pytest.fixture(scope="module")
def parent(client: TestClient) -> str:
    run_id = start_run(client, epochs=3)
    wait_for(client, run_id, {"succeeded"})
    return run_id


def first_loss(client: TestClient, run_id: str) -> float:
    wait_for(client, run_id, {"succeeded"})
    events = client.get(f"/api/runs/{run_id}/events").json()
    loss: float = next(e for e in events if e["type"] == "progress")["loss"]
    return loss


def train_set_loss(weights: dict[str, torch.Tensor]) -> float:
    """The oracle: plain PyTorch's cross-entropy of these weights on the whole training set."""
    split = load_split("digits")
    model = build_network(Design.model_validate(DIGITS_CNN))
    model.load_state_dict(weights)
    with torch.no_grad():
        return F.cross_entropy(model(split.x_train), split.y_train).item()


def test_a_run_starts_from_its_parents_weights(
    client: TestClient, parent: str, data_dir: Path
) -> None:
    child = start_run(client, epochs=1, batch_size=WHOLE_SET, init_from=parent)
    scratch = start_run(client, epochs=1, batch_size=WHOLE_SET)
    parent_weights = load_file(str(data_dir / "runs" / parent / "weights.safetensors"))
    torch.manual_seed(DIGITS_TRAINING["seed"])
    fresh = build_network(Design.model_validate(DIGITS_CNN)).state_dict()

    # The first step sees exactly the parent's weights, and the scratch run its seeded fresh ones.
    assert first_loss(client, child) == pytest.approx(train_set_loss(parent_weights), rel=1e-5)
    assert first_loss(client, scratch) == pytest.approx(train_set_loss(fresh), rel=1e-5)
    assert first_loss(client, child) < first_loss(client, scratch) / 2
    child_run = client.get(f"/api/runs/{child}").json()
    scratch_run = client.get(f"/api/runs/{scratch}").json()
    assert child_run["metrics"]["train_loss"] < scratch_run["metrics"]["train_loss"]
    assert child_run["training"]["init_from"] == parent
    assert scratch_run["training"]["init_from"] is None


def rejected(client: TestClient, design: dict[str, Any], init_from: str) -> dict[str, Any]:
    training = {**DIGITS_TRAINING, "epochs": 1, "init_from": init_from}
    reply = client.post("/api/runs", json={"design": design, "training": training})
    assert reply.status_code == 422, reply.text
    (issue,) = reply.json()["errors"]
    assert issue["field"] == "training.init_from" and issue["node"] is None
    return issue  # type: ignore[no-any-return]


def test_a_design_that_does_not_fit_is_told_which_tensors_differ(
    client: TestClient, parent: str
) -> None:
    layers = [dict(layer) for layer in DIGITS_CNN["layers"]]
    layers[0] = {**layers[0], "params": {"out_channels": 8, "padding": 1}}
    layers[-1] = {**layers[-1], "id": "head"}
    issue = rejected(client, {**DIGITS_CNN, "layers": layers}, parent)
    assert issue["message"] == (
        f"This design does not fit the weights of run {parent}: "
        f"`conv1.bias` is (8) here but (16) in run {parent}; "
        f"`conv1.weight` is (8, 1, 3, 3) here but (16, 1, 3, 3) in run {parent}; "
        f"`fc.bias` (10) of run {parent} is not in this design; "
        f"`fc.weight` (10, 256) of run {parent} is not in this design; "
        f"`head.bias` (10) is not in run {parent}; "
        f"`head.weight` (10, 128) is not in run {parent}. "
        f"Give its layers the same ids, types and sizes as run {parent}, "
        "or clear init_from to train from freshly initialised weights."
    )


def test_only_your_own_trained_runs_can_be_started_from(
    client: TestClient, parent: str, long_runs: LongRuns
) -> None:
    stranger = TestClient(client.app)
    for who, run_id in ((stranger, parent), (client, "0123456789abcdef")):
        assert rejected(who, DIGITS_CNN, run_id)["message"] == (
            f"Run {run_id} not found among your runs: name one of your own trained runs "
            "(its id is on its model page), or leave init_from empty to train from scratch."
        )
    busy = long_runs(client)
    assert rejected(client, DIGITS_CNN, busy)["message"] == (
        f"Run {busy} has no trained weights to start from (it is still training): "
        "wait until it ends, or name another run."
    )
