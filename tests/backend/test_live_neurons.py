"""A 2-D run's neurons as it trains: each vector layer's first units over the neurons' grid, as
torch computes them with the same weights; bounded in layers, units and bytes. The run's own maps
carry them (test_live_boundary.py reads them off a real run's events)."""

import base64
import math
from typing import Any

import torch

from torchcanvas.design.build import build_network
from torchcanvas.design.schema import Design
from torchcanvas.training.live_neurons import (
    MAX_LAYERS,
    MAX_UNITS,
    NEURON_GRID,
    live_neurons,
)

CELLS = NEURON_GRID * NEURON_GRID
# Flatten and Dropout pass their input on, so they get no maps; seven vector layers are left.
DEEP = {
    "version": 1,
    "name": "deep",
    "input_shape": [2],
    "layers": [
        {"id": "flat", "type": "Flatten"},
        {"id": "fc1", "type": "Linear", "params": {"out_features": 12}},
        {"id": "act1", "type": "Tanh"},
        {"id": "drop", "type": "Dropout", "params": {"p": 0.5}},
        {"id": "fc2", "type": "Linear", "params": {"out_features": 5}},
        {"id": "act2", "type": "ReLU"},
        {"id": "fc3", "type": "Linear", "params": {"out_features": 8}},
        {"id": "act3", "type": "Sigmoid"},
        {"id": "fc4", "type": "Linear", "params": {"out_features": 2}},
    ],
}


def neuron_grid(extent: dict[str, float], size: int = NEURON_GRID) -> torch.Tensor:
    """(size², 2) cells over a map's extent, row by row from y_min, each row from x_min."""
    xs = torch.linspace(extent["x_min"], extent["x_max"], size)
    ys = torch.linspace(extent["y_min"], extent["y_max"], size)
    return torch.stack(torch.meshgrid(xs, ys, indexing="xy"), dim=-1).reshape(-1, 2)


def decoded(layer: dict[str, Any]) -> torch.Tensor:
    """A layer's maps as values, (maps, G*G): byte b is min + b × (max − min) / 255."""
    data = torch.tensor(list(base64.b64decode(layer["maps"])), dtype=torch.float64)
    low = torch.tensor(layer["min"], dtype=torch.float64)
    high = torch.tensor(layer["max"], dtype=torch.float64)
    steps = data.reshape(len(layer["min"]), -1)  # (U, G*G)
    return low[:, None] + steps * ((high - low) / 255)[:, None]


def assert_matches(layer: dict[str, Any], values: torch.Tensor) -> None:
    """The layer's maps are `values` (G*G, units)'s first units, each within half a byte's step."""
    want = values[:, :MAX_UNITS].T.double()  # (U, G*G)
    assert layer["units"] == values.shape[1] and len(layer["min"]) == want.shape[0]
    assert torch.allclose(
        torch.tensor(layer["min"], dtype=torch.float64),
        want.min(dim=1).values,
        rtol=1e-5,
        atol=1e-6,
    )
    assert torch.allclose(
        torch.tensor(layer["max"], dtype=torch.float64),
        want.max(dim=1).values,
        rtol=1e-5,
        atol=1e-6,
    )
    step = (want.max(dim=1).values - want.min(dim=1).values) / 255  # (U,)
    assert ((decoded(layer) - want).abs() <= step[:, None] / 2 + 1e-5).all()


def test_each_vector_layer_s_first_units_are_torch_s_the_output_kept_the_rest_named() -> None:
    torch.manual_seed(0)
    model = build_network(Design.model_validate(DEEP)).eval()
    with torch.no_grad():
        model.fc2.bias[0] = -100.0  # a dead ReLU: act2's unit 0 is 0 everywhere
    x = neuron_grid({"x_min": -2.0, "x_max": 3.0, "y_min": -1.5, "y_max": 1.0})
    neurons = live_neurons(model, x)
    assert neurons is not None and neurons.size == NEURON_GRID
    # The first five and the last, the output, where the classes are decided.
    shown = ["fc1", "act1", "fc2", "act2", "fc3", "fc4"]
    assert [layer.id for layer in neurons.layers] == shown and len(shown) == MAX_LAYERS
    assert [layer.type for layer in neurons.layers][:2] == ["Linear", "Tanh"]
    assert neurons.omitted == ["act3"]
    # Torch as the oracle: the same weights, layer by layer, written out here.
    with torch.no_grad():
        fc1 = model.fc1(x)
        act1 = torch.tanh(fc1)
        fc2 = model.fc2(act1)
        act2 = torch.relu(fc2)
        fc3 = model.fc3(act2)
        fc4 = model.fc4(torch.sigmoid(fc3))
    sent = neurons.model_dump()["layers"]
    for layer, values in zip(sent, [fc1, act1, fc2, act2, fc3, fc4], strict=True):
        assert_matches(layer, values)
        assert len(layer["maps"]) == 4 * math.ceil(min(values.shape[1], MAX_UNITS) * CELLS / 3)
    dead = sent[3]
    assert dead["min"][0] == dead["max"][0] == 0.0 and decoded(dead)[0].eq(0).all()
    # At most MAX_LAYERS × MAX_UNITS maps of G² bytes: 16 KB of base64 and a few numbers.
    assert len(neurons.model_dump_json()) < 4 * MAX_LAYERS * MAX_UNITS * CELLS / 3 + 2_000


def test_a_layer_whose_values_are_not_finite_gives_no_neurons() -> None:
    """A diverging run's map is still sent, without neurons: JSON has no NaN."""
    torch.manual_seed(0)
    model = build_network(Design.model_validate(DEEP)).eval()
    with torch.no_grad():
        model.fc3.weight[0, 0] = math.inf
    x = neuron_grid({"x_min": -1.0, "x_max": 1.0, "y_min": -1.0, "y_max": 1.0})
    assert live_neurons(model, x) is None
    assert live_neurons(torch.nn.Linear(2, 2), x) is None  # not a design's network
