"""A design without one parameter has nothing to train: torch's optimizer refuses an empty
parameter list. A run of it, its learning-rate range test and its training script are refused
up front, saying to add a layer with weights."""

from typing import Any

import pytest
import torch
from fastapi.testclient import TestClient

NO_PARAMETERS = (
    "This design has no layer with parameters, so training would have nothing to learn: add a "
    "layer with weights, such as a Linear (or a Conv2d on images), before the output."
)
RELU: dict[str, Any] = {
    "version": 1,
    "name": "relu",
    "input_shape": [2],
    "layers": [{"id": "act", "type": "ReLU"}],
}
MOONS: dict[str, Any] = {"dataset": "moons", "loss": "CrossEntropyLoss", "optimizer": "Adam"}
MOONS |= {"lr": 0.001, "epochs": 1, "batch_size": 32, "seed": 0}


def test_torch_refuses_to_optimize_no_parameters() -> None:
    with pytest.raises(ValueError, match="optimizer got an empty parameter list"):
        torch.optim.Adam(torch.nn.ReLU().parameters())


@pytest.mark.parametrize(
    ("design", "training"),
    [
        (RELU, MOONS),
        (RELU, {**MOONS, "range_test": {"steps": 5}}),
        (
            {**RELU, "input_shape": [1], "layers": [{"id": "same", "type": "Identity"}]},
            {**MOONS, "dataset": "sine", "loss": "MSELoss"},
        ),
    ],
    ids=["run", "range_test", "identity_on_sine"],
)
def test_a_design_without_parameters_is_refused_with_what_to_add(
    client: TestClient, design: dict[str, Any], training: dict[str, Any]
) -> None:
    for route in ("/api/runs", "/api/designs/script"):
        reply = client.post(route, json={"design": design, "training": training})
        assert reply.status_code == 422, (route, reply.text)
        assert reply.json()["errors"] == [
            {"node": None, "field": None, "message": NO_PARAMETERS, "fix": None}
        ]
    # The same with a Linear in front trains: only the empty design is refused.
    linear = {"id": "fc", "type": "Linear", "params": {"out_features": design["input_shape"][0]}}
    trainable = {**design, "layers": [linear, *design["layers"]]}
    reply = client.post("/api/designs/script", json={"design": trainable, "training": training})
    assert reply.status_code == 200, reply.text
