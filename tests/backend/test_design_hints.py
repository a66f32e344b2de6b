"""Hints on designs torch takes and trains, but that work against the learner: a Softmax over the
batch, and dropouts that leave the layers after them almost nothing."""

from typing import Any

import torch
from fastapi.testclient import TestClient

from torchcanvas.design.schema import Design
from torchcanvas.training.check import run_warnings
from torchcanvas.training.settings import TrainingSettings


def _moons(*layers: dict[str, Any]) -> dict[str, Any]:
    return {"design": {"input_shape": [2], "layers": [
        {"id": "fc", "type": "Linear", "params": {"out_features": 2}}, *layers]}}  # fmt: skip


def _hints(client: TestClient, request: dict[str, Any]) -> list[dict[str, Any]]:
    said = client.post("/api/designs/validate", json=request).json()
    assert said["valid"], said["errors"]
    return list(said["warnings"])


def test_a_softmax_over_the_batch_is_a_hint_with_a_fix_to_dim_1(client: TestClient) -> None:
    """Torch normalises over whatever dim it is given: over the batch, one sample on its own (Try
    it, a deployed model) gets 1 for every class, whatever it is (a review)."""
    one = torch.randn(1, 2)
    assert torch.softmax(one, 0).tolist() == [[1.0, 1.0]]
    assert torch.log_softmax(one, 0).tolist() == [[0.0, 0.0]]
    for layer, dim, value in (("Softmax", 0, "1"), ("LogSoftmax", 0, "0"), ("LogSoftmax", -2, "0")):
        [hint] = _hints(client, _moons({"id": "end", "type": layer, "params": {"dim": dim}}))
        assert (hint["node"], hint["field"]) == ("end", "dim")
        assert hint["message"] == (
            f"{layer} `end` normalises over dim {dim}, the batch: each sample's outputs then "
            f"depend on the others in its batch, and a sample on its own gets {value} for every "
            "class. Use dim 1, counting the batch as 0."
        )
        assert hint["fix"] == {"label": "Set dim of `end` to 1", "layer": "end", "param": "dim",
                               "value": 1}  # fmt: skip
    for dim in (1, -1):  # the classes: no hint
        assert (
            _hints(client, _moons({"id": "end", "type": "Softmax", "params": {"dim": dim}})) == []
        )
    # On images, -4 is the batch, and -3 the channels.
    image = {"input_shape": [1, 8, 8], "layers": [
        {"id": "c", "type": "Conv2d", "params": {"out_channels": 3, "kernel_size": 3}},
        {"id": "end", "type": "Softmax", "params": {"dim": -4}}]}  # fmt: skip
    assert [h["node"] for h in _hints(client, {"design": image})] == ["end"]
    image["layers"][1]["params"]["dim"] = -3
    assert _hints(client, {"design": image}) == []


def test_a_stacked_lstm_dropping_most_of_its_outputs_is_a_hint(client: TestClient) -> None:
    lstm = {"id": "lstm", "type": "LSTM",
            "params": {"hidden_size": 8, "num_layers": 2, "dropout": 1.0, "output": "last"}}  # fmt: skip
    request = {"design": {"input_shape": [1, 12], "layers": [lstm]}}
    [hint] = _hints(client, request)
    assert (hint["node"], hint["field"]) == ("lstm", "dropout")
    assert hint["message"].startswith(
        "LSTM `lstm` zeroes 100% of its outputs between its stacked layers at each step"
    )
    assert hint["fix"]["param"] == "dropout" and hint["fix"]["value"] == 0.5
    lstm["params"]["dropout"] = 0.3
    assert _hints(client, request) == []


def test_a_run_is_warned_of_a_negative_dim_that_is_the_batch_too() -> None:
    """Its shapes come from the validation the run's check made: without them POST /api/runs
    warned of dim 0 only (a review)."""
    design = Design.model_validate(
        _moons({"id": "end", "type": "LogSoftmax", "params": {"dim": -2}})["design"]
    )
    training = TrainingSettings(dataset="moons", loss="NLLLoss", optimizer="Adam", lr=0.01,
                                epochs=1, batch_size=16)  # fmt: skip
    assert [(h.node, h.field) for h in run_warnings(design, training)] == [("end", "dim")]


def test_a_dropout_the_network_ends_with_is_a_hint_with_a_fix_to_remove_it(
    client: TestClient,
) -> None:
    """A new user's Dropout after the last Linear trained to 91 % on validation and 54 % on
    training, and nothing said why: in training, torch zeroes some of the answers themselves."""
    torch.manual_seed(0)
    dropped = torch.nn.Dropout(0.5).train()(torch.ones(64, 10))
    assert (dropped == 0).any(dim=1).float().mean() > 0.9  # nearly every sample loses an answer
    drop = {"id": "drop", "type": "Dropout", "params": {"p": 0.5}}
    [hint] = _hints(client, _moons(drop))
    assert hint["node"] == "drop" and hint["message"].startswith(
        "Dropout `drop` at the end zeroes some of the network's outputs at each training step"
    )
    assert hint["fix"] == {"label": "Remove `drop`", "remove": "drop"}
    # Before a Softmax the same; between layers, where dropout belongs, nothing.
    [hint] = _hints(client, _moons(drop, {"id": "end", "type": "LogSoftmax", "params": {"dim": 1}}))
    assert hint["node"] == "drop"
    hidden = {"input_shape": [2], "layers": [
        {"id": "fc1", "type": "Linear", "params": {"out_features": 8}}, drop,
        {"id": "fc2", "type": "Linear", "params": {"out_features": 2}}]}  # fmt: skip
    assert _hints(client, {"design": hidden}) == []
    # A graph's output is the layer nothing reads: here the dropout, listed before the Linear.
    graph = {**hidden, "layers": hidden["layers"][::-1],
             "edges": [["input", "fc1"], ["fc1", "fc2"], ["fc2", "drop"]]}  # fmt: skip
    assert [h["node"] for h in _hints(client, {"design": graph})] == ["drop"]
    # A run is warned alike.
    design = Design.model_validate(_moons(drop)["design"])
    training = TrainingSettings(dataset="moons", loss="CrossEntropyLoss", optimizer="Adam",
                                lr=0.01, epochs=1, batch_size=16)  # fmt: skip
    assert [h.node for h in run_warnings(design, training)] == ["drop"]
