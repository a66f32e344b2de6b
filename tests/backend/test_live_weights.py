"""A small MLP's weights, carried by the looks inside for the run page's drawing of the network:
torch's own weights (the run's downloaded ones, and a model stepped here), to SIGNIFICANT digits;
bounded, so a bigger or other network sends none and says why."""

import json
from typing import Any

import torch
from fastapi.testclient import TestClient

from tests.backend.conftest import DIGITS_CNN, read_socket
from tests.backend.test_insight import _setup, _step
from tests.backend.test_results import _run, _trained_net
from torchcanvas.design.build import build_network
from torchcanvas.design.schema import Design
from torchcanvas.training.live_weights import (
    MAX_LINEAR,
    MAX_UNITS,
    SIGNIFICANT,
    WeightsDrawing,
)

SMALL = {
    "input_shape": [2],
    "layers": [
        {"id": "fc1", "type": "Linear", "params": {"out_features": 6}},
        {"id": "act1", "type": "Tanh"},
        {"id": "drop", "type": "Dropout", "params": {"p": 0.1}},
        {"id": "fc2", "type": "Linear", "params": {"out_features": 4, "bias": False}},
        {"id": "act2", "type": "ReLU"},
        {"id": "out", "type": "Linear", "params": {"out_features": 2}},
    ],
}


def _rounded(tensor: torch.Tensor) -> list[Any]:
    """A tensor's values as the event sends them: SIGNIFICANT digits."""
    values: list[Any] = tensor.detach().tolist()
    if tensor.dim() == 2:
        return [[float(f"{v:.{SIGNIFICANT}g}") for v in row] for row in values]
    return [float(f"{v:.{SIGNIFICANT}g}") for v in values]


def _expected(model: torch.nn.Module, ids: list[str]) -> list[dict[str, Any]]:
    """Each Linear's weights and bias as torch holds them, rounded as sent."""
    layers = []
    for node in ids:
        linear = model.get_submodule(node)
        assert isinstance(linear, torch.nn.Linear)
        bias = _rounded(linear.bias) if linear.bias is not None else None
        layers.append({"id": node, "weight": _rounded(linear.weight), "bias": bias})
    return layers


def _weights_only(network: dict[str, Any]) -> list[dict[str, Any]]:
    return [{k: layer[k] for k in ("id", "weight", "bias")} for layer in network["layers"]]


def test_a_2d_run_s_looks_carry_its_weights_the_last_the_trained_model_s(
    client: TestClient,
) -> None:
    run_id = _run(client, SMALL, dataset="moons", epochs=3, lr=0.05)
    events = read_socket(client, run_id)
    looks = [e for e in events if e["type"] == "insight"]
    assert len(looks) >= 2
    for look in looks:
        network = look["network"]
        assert network["not_drawn"] is None
        assert network["inputs"] == ["x₁", "x₂"]  # the 2-D set's features, named
        assert [layer["after"] for layer in network["layers"]] == [
            ["Tanh", "Dropout"],
            ["ReLU"],
            [],
        ]
    # Torch as the oracle: the run's last look is at its last step, with the trained weights.
    last_step = [e for e in events if e["type"] == "epoch"][-1]["step"]
    assert looks[-1]["step"] == last_step
    trained = _trained_net(client, run_id, SMALL)
    assert _weights_only(looks[-1]["network"]) == _expected(trained, ["fc1", "fc2", "out"])
    # Live: the weights move between looks.
    assert _weights_only(looks[0]["network"]) != _weights_only(looks[-1]["network"])


def test_a_look_s_weights_are_the_model_s_after_its_step() -> None:
    model, watch, optimizer = _setup()
    looks = []
    for _ in range(40):
        looks += [e for e in _step(model, watch, optimizer) if e.type == "insight"]
        if looks:
            break
    assert looks, "no look in 40 steps"
    network = looks[0].model_dump()["network"]
    # The look reads the weights after the step's update: those the model holds now.
    assert _weights_only(network) == _expected(model, ["fc1", "fc2"])
    assert [len(layer["weight"]) for layer in network["layers"]] == [8, 3]  # out_features rows
    assert [len(layer["weight"][0]) for layer in network["layers"]] == [4, 8]  # in_features
    assert network["inputs"] is None  # not a 2-D set: the inputs are unnamed


def _design(layers: list[dict[str, Any]], input_shape: list[int] | None = None) -> Design:
    return Design.model_validate({"input_shape": input_shape or [2], "layers": layers})


def _linear(node: str, out: int) -> dict[str, Any]:
    return {"id": node, "type": "Linear", "params": {"out_features": out}}


def _reason(design: Design) -> str | None:
    drawing = WeightsDrawing(build_network(design))
    network = drawing.read(drawing.flat(torch.device("cpu")).tolist())
    if network.not_drawn is not None:  # nothing read back, nothing sent
        assert drawing.size == 0 and network.layers == []
    return network.not_drawn


def test_a_network_too_big_or_not_an_mlp_sends_no_weights_and_says_why() -> None:
    wide = _design([_linear("fc1", MAX_UNITS + 1), {"id": "a", "type": "ReLU"}, _linear("o", 2)])
    assert _reason(wide) == (
        f"Linear `fc1` is 2 → {MAX_UNITS + 1} units, too many edges to draw: the drawing "
        f"shows layers of at most {MAX_UNITS} units. To see it drawn, give `fc1` at most "
        f"{MAX_UNITS} out_features (TensorFlow Playground's layers have up to 8)."
    )
    # The MLP template on a 2-D set: two hidden layers of 64, both named as the way to a drawing.
    relu = {"type": "ReLU"}
    hidden = [_linear("fc1", 64), {"id": "a1", **relu}, _linear("fc2", 64), {"id": "a2", **relu}]
    template = _design([*hidden, _linear("out", 2)])
    assert _reason(template) == (
        "Linear `fc1` is 2 → 64 units, too many edges to draw: the drawing shows layers of at "
        f"most {MAX_UNITS} units. To see it drawn, give `fc1` and `fc2` at most {MAX_UNITS} "
        "out_features (TensorFlow Playground's layers have up to 8)."
    )
    digits_mlp = _design([{"id": "f", "type": "Flatten"}, _linear("fc", 10)], [1, 8, 8])
    assert _reason(digits_mlp) == (
        "Linear `fc` is 64 → 10 units, too many edges to draw: the drawing shows layers of at "
        f"most {MAX_UNITS} units. The data gives 64 inputs: a 2-D set or a table of at most "
        f"{MAX_UNITS} feature columns is drawn."
    )
    deep = _design([_linear(f"fc{i}", 4) for i in range(MAX_LINEAR + 1)])
    assert _reason(deep) == (
        f"{MAX_LINEAR + 1} Linear layers are too many to draw: the drawing shows at most "
        f"{MAX_LINEAR}."
    )
    normed = _design([_linear("fc1", 4), {"id": "bn", "type": "BatchNorm1d"}, _linear("o", 2)])
    assert _reason(normed) == (
        "Only Linear layers and activations are drawn: BatchNorm1d `bn` is neither. A "
        "multilayer perceptron of Linear layers, each with an activation, is drawn."
    )
    assert _reason(Design.model_validate(DIGITS_CNN)) is not None
    # The biggest drawn: MAX_LINEAR layers of MAX_UNITS, about 8 KB of JSON at most.
    biggest = _design([_linear(f"fc{i}", MAX_UNITS) for i in range(MAX_LINEAR)], [MAX_UNITS])
    drawing = WeightsDrawing(build_network(biggest))
    assert drawing.size == MAX_LINEAR * (MAX_UNITS * MAX_UNITS + MAX_UNITS)
    network = drawing.read(drawing.flat(torch.device("cpu")).tolist())
    assert network.not_drawn is None and len(network.layers) == MAX_LINEAR
    assert len(network.model_dump_json()) < 10_000


def test_a_weight_not_finite_sends_none_for_that_look() -> None:
    model = build_network(Design.model_validate(SMALL))
    with torch.no_grad():
        model.get_submodule("fc2").weight[0, 0] = float("nan")
    drawing = WeightsDrawing(model)
    network = drawing.read(drawing.flat(torch.device("cpu")).tolist())
    assert network.layers == []
    assert network.not_drawn == "Not drawn at this step: a weight is not finite (inf or NaN)."
    json.loads(network.model_dump_json())  # no NaN in the event


def test_a_run_of_a_network_too_big_says_why_in_each_look(client: TestClient) -> None:
    design = {
        "input_shape": [1, 8, 8],
        "layers": [{"id": "flat", "type": "Flatten"}, _linear("fc1", 16), _linear("fc2", 10)],
    }
    run_id = _run(client, design, dataset="digits", epochs=1)
    looks = [e for e in read_socket(client, run_id) if e["type"] == "insight"]
    assert looks
    for look in looks:
        assert look["network"]["layers"] == []
        assert look["network"]["not_drawn"].startswith("Linear `fc1` is 64 → 16 units")
