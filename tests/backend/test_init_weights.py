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

    # Named after its parent, so the runs list tells them apart; marked once, however deep.
    assert (child_run["name"], scratch_run["name"]) == ("digits-cnn (fine-tuned)", None)
    assert started_name(client, DIGITS_CNN, child) == "digits-cnn (fine-tuned)"
    client.patch(f"/api/runs/{child}", json={"name": "small digits"})
    assert started_name(client, DIGITS_CNN, child) == "small digits (fine-tuned)"
    assert started_name(client, {**DIGITS_CNN, "name": "digits-transfer"}, child) is None
    assert started_name(client, DIGITS_CNN, child, name="mine") == "mine"


def started_name(
    client: TestClient, design: dict[str, Any], parent: str, name: str | None = None
) -> str | None:
    """The name a run started from `parent` gets (then stopped: only its record counts)."""
    training = {**DIGITS_TRAINING, "epochs": 1, "batch_size": WHOLE_SET, "init_from": parent}
    reply = client.post("/api/runs", json={"design": design, "training": training, "name": name})
    assert reply.status_code == 201, reply.text
    run_id = reply.json()["id"]
    client.post(f"/api/runs/{run_id}/cancel")
    given: str | None = client.get(f"/api/runs/{run_id}").json()["name"]
    return given


def rejected(client: TestClient, design: dict[str, Any], init_from: str) -> dict[str, Any]:
    training = {**DIGITS_TRAINING, "epochs": 1, "init_from": init_from}
    reply = client.post("/api/runs", json={"design": design, "training": training})
    assert reply.status_code == 422, reply.text
    (issue,) = reply.json()["errors"]
    assert issue["field"] == "training.init_from" and issue["node"] is None
    return issue  # type: ignore[no-any-return]


def test_a_design_that_shares_no_tensor_is_told_what_differs(
    client: TestClient, parent: str
) -> None:
    layers = [dict(layer) for layer in DIGITS_CNN["layers"]]
    layers[0] = {**layers[0], "params": {"out_channels": 8, "padding": 1}}
    layers[-1] = {**layers[-1], "id": "head"}
    issue = rejected(client, {**DIGITS_CNN, "layers": layers}, parent)
    assert issue["message"] == (
        f"No tensor of this design fits the weights of run {parent}: "
        "conv1 fresh (shape differs: weight (16, 1, 3, 3) → (8, 1, 3, 3), bias (16) → (8)); "
        f"head fresh (not in run {parent}); fc of run {parent} not used. "
        f"Keep at least one layer with the same id, type and sizes as in run {parent} "
        "(its layers' ids start the tensor names), "
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
    wait_for(client, busy, {"running"})
    assert rejected(client, DIGITS_CNN, busy)["message"] == (
        f"Run {busy} has no trained weights to start from (it is still training): "
        "wait until it ends, or name another run."
    )
    waiting = long_runs(client)  # behind the busy one, on the only worker
    assert rejected(client, DIGITS_CNN, waiting)["message"] == (
        f"Run {waiting} has no trained weights to start from (it is still queued): "
        "wait until it ends, or name another run."
    )
    assert client.post(f"/api/runs/{waiting}/cancel").status_code == 200
    wait_for(client, waiting, {"cancelled"})
    # Ended without weights: waiting would never help.
    assert rejected(client, DIGITS_CNN, waiting)["message"] == (
        f"Run {waiting} has no trained weights to start from (it was stopped before it saved "
        "any): name another run, or train this one again."
    )


# The parent's network with a new hidden layer before its head: conv1 fits the parent's weights,
# hidden is new, and fc keeps its bias's shape but not its weight's.
NEW_HEAD: dict[str, Any] = {
    **DIGITS_CNN,
    "layers": [
        *DIGITS_CNN["layers"][:-1],
        {"id": "hidden", "type": "Linear", "params": {"out_features": 32}},
        {"id": "act2", "type": "ReLU"},
        {"id": "fc", "type": "Linear", "params": {"out_features": 10}},
    ],
}


def new_head_summary(parent: str) -> str:
    return (
        f"conv1 copied; hidden fresh (not in run {parent}); "
        "fc partly fresh (bias copied, shape differs: weight (10, 256) → (10, 32))"
    )


def test_a_new_head_trains_on_the_parents_frozen_layers(
    client: TestClient, parent: str, data_dir: Path
) -> None:
    training = {**DIGITS_TRAINING, "epochs": 1, "init_from": parent, "frozen": ["conv1"]}
    preview = client.post(f"/api/runs/{parent}/start-match", json={"design": NEW_HEAD})
    assert preview.status_code == 200, preview.text
    assert preview.json()["summary"] == new_head_summary(parent)
    assert preview.json()["tensors"] == ["conv1.weight", "conv1.bias", "fc.bias"]
    reply = client.post("/api/runs", json={"design": NEW_HEAD, "training": training})
    assert reply.status_code == 201, reply.text
    child = reply.json()["id"]
    run = wait_for(client, child, {"succeeded"})
    assert run["training"]["frozen"] == ["conv1"]
    run = client.get(f"/api/runs/{child}").json()
    assert run["init_match"] == preview.json()

    events = client.get(f"/api/runs/{child}/events").json()
    started = next(e for e in events if e["type"] == "started")
    assert (started["layers"], started["frozen"]) == (["hidden", "fc"], ["conv1"])
    progress = [e for e in events if e["type"] == "progress"]
    assert all(e["grad_norms"].keys() == {"hidden", "fc"} for e in progress)
    losses = [loss for e in progress for loss in e["losses"]]  # every step's, however framed
    assert sum(losses[-5:]) / 5 < 0.75 * losses[0]  # the new head learns

    before = load_file(str(data_dir / "runs" / parent / "weights.safetensors"))
    after = load_file(str(data_dir / "runs" / child / "weights.safetensors"))
    torch.manual_seed(DIGITS_TRAINING["seed"])
    fresh = build_network(Design.model_validate(NEW_HEAD)).state_dict()
    # Bit for bit: the frozen layer is the parent's; every other tensor trained away from its start.
    assert torch.equal(after["conv1.weight"], before["conv1.weight"])
    assert torch.equal(after["conv1.bias"], before["conv1.bias"])
    assert not torch.equal(after["fc.bias"], before["fc.bias"])
    for name in ("hidden.weight", "hidden.bias", "fc.weight"):
        assert not torch.equal(after[name], fresh[name]), name

    # Train 1 more epoch: the same layer stays frozen.
    assert client.post(f"/api/runs/{child}/continue", json={"epochs": 1}).status_code == 200
    run = wait_for(client, child, {"succeeded"})
    assert (run["training"]["frozen"], run["training"]["epochs"]) == (["conv1"], 2)
    more = load_file(str(data_dir / "runs" / child / "weights.safetensors"))
    assert torch.equal(more["conv1.weight"], before["conv1.weight"])
    assert not torch.equal(more["fc.weight"], after["fc.weight"])


def test_frozen_layers_the_parent_cannot_fill_are_refused_naming_them(
    client: TestClient, parent: str
) -> None:
    """fc's weight changes shape and hidden is new: frozen, they would keep their random start."""
    training = {**DIGITS_TRAINING, "epochs": 1, "init_from": parent, "frozen": ["conv1", "fc"]}
    reply = client.post("/api/runs", json={"design": NEW_HEAD, "training": training})
    assert reply.status_code == 422, reply.text
    assert reply.json()["errors"] == [
        {
            "node": "fc",
            "field": "training.frozen",
            "message": "Layer `fc` (weight (10, 256) → (10, 32)) is frozen, but run "
            f"{parent}'s weights do not fill it, so it would keep its random start for the "
            "whole run: remove it from frozen, so that it trains.",
            "fix": None,
        }
    ]
    both = {**training, "frozen": ["hidden", "fc"]}
    reply = client.post("/api/runs", json={"design": NEW_HEAD, "training": both})
    assert reply.status_code == 422, reply.text
    (issue,) = reply.json()["errors"]
    assert issue["node"] == "hidden"
    assert issue["message"].startswith(
        f"Layers `hidden` (weight not in run {parent}; bias not in run {parent}), `fc` (weight "
        f"(10, 256) → (10, 32)) are frozen, but run {parent}'s weights do not fill them"
    )


def frozen_issue(client: TestClient, design: dict[str, Any], frozen: list[str]) -> dict[str, Any]:
    training = {**DIGITS_TRAINING, "epochs": 1, "frozen": frozen}
    reply = client.post("/api/runs", json={"design": design, "training": training})
    assert reply.status_code == 422, reply.text
    (issue,) = reply.json()["errors"]
    assert issue["field"] == "training.frozen"
    return issue  # type: ignore[no-any-return]


def test_frozen_names_layers_with_parameters_and_leaves_some_to_train(client: TestClient) -> None:
    assert frozen_issue(client, DIGITS_CNN, ["conv9"]) == {
        "node": None,
        "field": "training.frozen",
        "message": "Layer `conv9` in frozen is not in this design: name the layers to freeze "
        "by their ids, or remove it from frozen.",
        "fix": None,
    }
    issue = frozen_issue(client, DIGITS_CNN, ["conv1", "act1"])
    assert (issue["node"], issue["message"]) == (
        "act1",
        "ReLU `act1` has no parameters to freeze: remove it from frozen "
        "(only layers with parameters, such as Conv2d or Linear, can be frozen).",
    )
    assert frozen_issue(client, DIGITS_CNN, ["fc", "conv1"])["message"] == (
        "Every layer with parameters is frozen, so nothing would train: "
        "leave at least one layer (such as the last Linear) out of frozen."
    )


def test_the_size_estimate_counts_frozen_parameters_apart(client: TestClient) -> None:
    body = {"design": DIGITS_CNN, "batch_size": 64, "optimizer": "Adam"}
    whole = client.post("/api/designs/validate", json=body).json()["estimate"]
    part = client.post("/api/designs/validate", json={**body, "frozen": ["fc"]}).json()["estimate"]
    conv1, fc = 16 * 9 + 16, 10 * 256 + 10
    assert (whole["trainable_params"], whole["frozen_params"]) == (conv1 + fc, 0)
    assert (part["trainable_params"], part["frozen_params"]) == (conv1, fc)
    assert part["parameter_bytes"] == whole["parameter_bytes"] == 4 * (conv1 + fc)
    # Adam keeps two values a parameter, and a gradient one: only for those that train.
    assert (part["gradient_bytes"], part["optimizer_bytes"]) == (4 * conv1, 8 * conv1)


def test_the_match_before_train_answers_only_for_your_runs_and_working_designs(
    client: TestClient, parent: str
) -> None:
    stranger = TestClient(client.app)
    reply = stranger.post(f"/api/runs/{parent}/start-match", json={"design": DIGITS_CNN})
    assert reply.status_code == 404, reply.text
    no_flatten = {**DIGITS_CNN, "layers": [DIGITS_CNN["layers"][0], DIGITS_CNN["layers"][-1]]}
    reply = client.post(f"/api/runs/{parent}/start-match", json={"design": no_flatten})
    assert reply.status_code == 422, reply.text
    assert reply.json()["errors"][0]["node"] == "fc"
