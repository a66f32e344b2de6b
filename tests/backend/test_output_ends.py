"""The last layer against the loss and task: a squashing layer at the end of a regression
network, and a Softmax or Sigmoid of the wrong kind before a loss on logits, are hints with a
one-click Remove, in the editor's check and in a new run's warnings (a learner's review)."""

from typing import Any

import torch
from fastapi.testclient import TestClient

DIABETES = {
    "dataset": "diabetes",
    "loss": "MSELoss",
    "optimizer": "Adam",
    "lr": 0.01,
    "batch_size": 32,
}
DIABETES_TARGET = {
    "loss": "MSELoss",
    "dataset": "Diabetes progression",
    "task": "regression",
    "target_shape": [1],
    "standardised": True,
}


def _design(out: int, end: str | None, inputs: int = 10) -> dict[str, Any]:
    layers: list[dict[str, Any]] = [
        {"id": "fc1", "type": "Linear", "params": {"out_features": 16}},
        {"id": "act", "type": "ReLU"},
        {"id": "fc2", "type": "Linear", "params": {"out_features": out}},
    ]
    layers += [{"id": "end", "type": end}] if end else []
    return {"version": 1, "name": "ends", "input_shape": [inputs], "layers": layers}


def _warnings(client: TestClient, design: dict[str, Any], target: dict[str, Any]) -> list[Any]:
    said = client.post("/api/designs/validate", json={"design": design, "target": target}).json()
    assert said["valid"], said["errors"]
    return list(said["warnings"])


def test_a_bounded_end_of_a_regression_is_a_hint(client: TestClient) -> None:
    # torch: no Sigmoid output reaches a standardised target of -1 or 2, nor a ReLU's -1.
    assert torch.sigmoid(torch.tensor([-1e3, 1e3])).tolist() == [0.0, 1.0]
    assert torch.relu(torch.tensor(-1.0)).item() == 0.0
    for end, bounded in (("Sigmoid", "between 0 and 1"), ("ReLU", "at 0 or above")):
        [hint] = _warnings(client, _design(1, end), DIABETES_TARGET)
        assert hint["node"] == "end"
        assert hint["message"] == (
            "MSELoss on the standardised targets of “Diabetes progression” (their mean 0, many "
            f"of them below it) wants predictions of any value, but the {end} `end` at the end "
            f"keeps each {bounded}: targets outside that are out of reach. Remove `end`, so that "
            "the network ends with its last Linear."
        )
        assert hint["fix"] == {"label": "Remove `end`", "remove": "end"}
        made = client.post(
            "/api/runs",
            json={"design": _design(1, end), "training": DIABETES | {"epochs": 1}},
        )
        assert made.status_code == 201, made.text
        assert [w["message"] for w in made.json()["warnings"]] == [hint["message"]]
        client.post(f"/api/runs/{made.json()['id']}/cancel")
    assert _warnings(client, _design(1, None), DIABETES_TARGET) == []  # ends with its Linear
    # A target kept as it is (an NPZ's, all in (0, 1) say) may want its Sigmoid: said as an if.
    kept = DIABETES_TARGET | {"standardised": False}
    [hint] = _warnings(client, _design(1, "Sigmoid"), kept)
    assert hint["message"] == (
        "MSELoss on the targets of “Diabetes progression”: the Sigmoid `end` at the end keeps "
        "each between 0 and 1, so a target outside that is out of reach. If some lie outside it: "
        "remove `end`, so that the network ends with its last Linear."
    )
    # ELU's lowest is its own -alpha.
    elu = _design(1, "ELU")
    elu["layers"][-1]["params"] = {"alpha": 5.0}
    assert torch.nn.ELU(5.0)(torch.tensor(-1e3)).item() == -5.0
    [hint] = _warnings(client, elu, DIABETES_TARGET)
    assert "keeps each above -5: targets outside" in hint["message"]
    # On classes, a Sigmoid after one output is BCELoss's own form: no regression hint there.
    moons = {"loss": "BCELoss", "dataset": "Two moons", "task": "classification", "classes": 2}
    assert _warnings(client, _design(1, "Sigmoid", inputs=2), moons) == []


def test_the_other_squash_before_a_loss_on_logits_is_a_hint(client: TestClient) -> None:
    moons = {"dataset": "Two moons", "task": "classification", "classes": 2}
    for loss, end, applied in (
        ("BCEWithLogitsLoss", "Softmax", "a sigmoid"),
        ("BCEWithLogitsLoss", "LogSoftmax", "a sigmoid"),
        ("CrossEntropyLoss", "Sigmoid", "softmax"),
    ):
        out = 1 if end == "LogSoftmax" else 2
        # (With two outputs on BCEWithLogitsLoss, the hint of one output comes after it.)
        hint = _warnings(client, _design(out, end, inputs=2), moons | {"loss": loss})[0]
        assert hint["message"] == (
            f"{loss} applies {applied} itself: the {end} `end` at the end squashes the scores "
            f"before the loss applies {applied} to them, so the network learns slowly and its "
            "probabilities read flat. Remove `end`."
        ), (loss, end)
        assert hint["fix"] == {"label": "Remove `end`", "remove": "end"}
    # The same squash twice keeps its own words.
    [twice] = _warnings(
        client, _design(2, "Softmax", inputs=2), moons | {"loss": "CrossEntropyLoss"}
    )
    assert "makes it apply softmax twice" in twice["message"]


def test_two_outputs_for_two_classes_on_a_yes_no_loss_is_a_hint(client: TestClient) -> None:
    # torch: two sigmoids are two separate answers, whose chances need not add up to 1.
    assert torch.sigmoid(torch.tensor([0.0, 1.0])).sum().item() > 1.2
    moons = {"dataset": "Two moons", "task": "classification", "classes": 2}
    for loss in ("BCEWithLogitsLoss", "BCELoss"):
        end = "Sigmoid" if loss == "BCELoss" else None
        [hint] = _warnings(client, _design(2, end, inputs=2), moons | {"loss": loss})
        assert hint["message"] == (
            f"{loss} on the 2 classes of “Two moons” needs one output, the chance of the second "
            "class: with two it answers a separate yes or no for each, so their chances need not "
            "add up to 1. Set out_features of the last Linear, `fc2` to 1."
            if end
            else f"{loss} on the 2 classes of “Two moons” needs one output, the chance of the "
            "second class: with two it answers a separate yes or no for each, so their chances "
            "need not add up to 1. Set out_features of `fc2` to 1."
        ), loss
        assert hint["fix"]["value"] == 1 and hint["fix"]["layer"] == "fc2"
        assert _warnings(client, _design(1, end, inputs=2), moons | {"loss": loss}) == []
    # Two outputs through a Softmax are one answer (BCELoss's other form): no hint, whose fix
    # of one output would leave the Softmax giving 1 whatever the input.
    bce_softmax = moons | {"loss": "BCELoss"}
    assert _warnings(client, _design(2, "Softmax", inputs=2), bce_softmax) == []
    # A new run hears it too, as the editor does.
    made = client.post(
        "/api/runs",
        json={
            "design": _design(2, None, inputs=2),
            "training": {"dataset": "moons", "loss": "BCEWithLogitsLoss", "optimizer": "Adam"}
            | {"lr": 0.01, "batch_size": 32, "epochs": 1},
        },
    )
    assert made.status_code == 201, made.text
    [said] = made.json()["warnings"]
    assert said["message"].startswith("BCEWithLogitsLoss on the 2 classes of “Two moons” needs")
    client.post(f"/api/runs/{made.json()['id']}/cancel")
    ce = moons | {"loss": "CrossEntropyLoss"}
    assert _warnings(client, _design(2, None, inputs=2), ce) == []  # one per class is its form
