"""Every neuron over the plane: each map is the layer's output computed here by hand on the grid
from the downloaded weights; a model that is not 2-D is told why; the read is the owner's and a
live share link's only, as the other model reads are."""

from typing import Any

import pytest
import torch
from fastapi.testclient import TestClient
from safetensors.torch import load

from tests.backend.test_activations import decoded
from tests.backend.test_results import _run
from torchcanvas.export.neurons import GRID, MAX_LAYERS, MAX_UNITS

# Eleven layers after the input: two are past MAX_LAYERS (fc5 and act5, as the output is drawn in
# their stead); fc2 has more than MAX_UNITS.
DEEP_2D: dict[str, Any] = {
    "input_shape": [2],
    "layers": [
        {"id": "fc1", "type": "Linear", "params": {"out_features": 6}},
        {"id": "act1", "type": "Tanh"},
        {"id": "fc2", "type": "Linear", "params": {"out_features": 20}},
        {"id": "act2", "type": "ReLU"},
        *[
            layer
            for i in (3, 4, 5)
            for layer in (
                {"id": f"fc{i}", "type": "Linear", "params": {"out_features": 4}},
                {"id": f"act{i}", "type": "Tanh"},
            )
        ],
        {"id": "out", "type": "Linear", "params": {"out_features": 2}},
    ],
}
WINE_MLP: dict[str, Any] = {
    "input_shape": [13],
    "layers": [{"id": "fc", "type": "Linear", "params": {"out_features": 3}}],
}


@pytest.fixture(scope="module")
def spiral(client: TestClient) -> str:
    return _run(client, DEEP_2D, dataset="spiral", epochs=2)


def by_hand(weights: dict[str, torch.Tensor], grid: torch.Tensor) -> dict[str, torch.Tensor]:
    """Each layer's output on the grid, written out in plain torch: (G², units) each."""
    outputs, x = {"input": grid}, grid
    for layer in DEEP_2D["layers"]:
        name = layer["id"]
        if layer["type"] == "Linear":
            x = x @ weights[f"{name}.weight"].T + weights[f"{name}.bias"]
        else:
            x = torch.tanh(x) if layer["type"] == "Tanh" else torch.relu(x)
        outputs[name] = x
    return outputs


def test_each_map_is_the_layer_s_output_on_the_grid(client: TestClient, spiral: str) -> None:
    reply = client.get(f"/api/runs/{spiral}/neurons")
    assert reply.status_code == 200, reply.text
    maps = reply.json()
    boundary = client.get(f"/api/runs/{spiral}/results").json()["boundary"]
    extent = ("x_min", "x_max", "y_min", "y_max")
    assert [maps[k] for k in extent] == [boundary[k] for k in extent]  # the decision map's plane

    # Row by row from y_min, each row from x_min, as the decision map's cells.
    xs = torch.linspace(maps["x_min"], maps["x_max"], GRID)
    ys = torch.linspace(maps["y_min"], maps["y_max"], GRID)
    grid = torch.stack(torch.meshgrid(xs, ys, indexing="xy"), dim=-1).reshape(-1, 2)  # (G², 2)
    weights = load(client.get(f"/api/runs/{spiral}/weights.safetensors").content)
    truth = by_hand(weights, grid)

    ids = ["input", *(layer["id"] for layer in DEEP_2D["layers"])]
    # Over the limit the output is drawn last, in place of the layer before it, as on the run page.
    assert [layer["id"] for layer in maps["layers"]] == [*ids[: MAX_LAYERS - 1], "out"]
    assert maps["omitted"] == ids[MAX_LAYERS - 1 : -1] == ["fc5", "act5"]
    for layer in maps["layers"]:
        expected = truth[layer["id"]]  # (G², units)
        assert layer["units"] == expected.shape[1]
        assert len(layer["maps"]) == min(expected.shape[1], MAX_UNITS)
        for unit, encoded in enumerate(layer["maps"]):
            where = f"{layer['id']} unit {unit}"
            values = expected[:, unit].double()
            assert encoded["shape"] == [1, GRID, GRID], where
            assert encoded["min"] == pytest.approx(float(values.min()), abs=1e-5), where
            assert encoded["max"] == pytest.approx(float(values.max()), abs=1e-5), where
            step = (encoded["max"] - encoded["min"]) / 255
            error = (decoded(encoded).reshape(-1) - values).abs().max()
            assert error <= step / 2 + 1e-5, where
    assert [layer["type"] for layer in maps["layers"][:3]] == ["Input", "Linear", "Tanh"]
    fc2 = maps["layers"][3]
    assert (fc2["id"], fc2["units"], len(fc2["maps"])) == ("fc2", 20, MAX_UNITS)


def test_a_model_that_is_not_2d_is_told_why(client: TestClient) -> None:
    run_id = _run(client, WINE_MLP, dataset="wine", epochs=1)
    reply = client.get(f"/api/runs/{run_id}/neurons")
    assert reply.status_code == 422
    assert reply.json()["detail"] == (
        "This model classifies samples of shape (13): neuron maps cover the plane of a "
        "classification of two inputs (spiral, moons, circles, xor, gaussian, or an upload of "
        "two features), the one its decision boundary is drawn over."
    )


def test_the_owner_and_a_live_link_read_it_and_no_one_else(client: TestClient, spiral: str) -> None:
    owners = client.get(f"/api/runs/{spiral}/neurons").json()
    stranger = TestClient(client.app)  # another browser: its own cookie, so its own owner id
    assert stranger.get(f"/api/runs/{spiral}/neurons").status_code == 404

    created = client.post(f"/api/runs/{spiral}/shares", json={}).json()
    url = f"/api/shared/{created['url'].rsplit('/s/', 1)[1]}/neurons"
    shared = stranger.get(url)
    assert shared.status_code == 200, shared.text
    mine, theirs = owners.copy(), shared.json()
    mine.pop("elapsed_ms"), theirs.pop("elapsed_ms")
    assert theirs == mine

    assert client.delete(f"/api/runs/{spiral}/shares/{created['id']}").status_code == 204
    revoked = stranger.get(url)
    assert revoked.status_code == 410
    assert revoked.json()["detail"] == "This share link was revoked by the model's owner."
    assert stranger.get("/api/shared/no-such-link/neurons").status_code == 404


def test_a_model_whose_grid_costs_more_than_a_request_may_is_refused(
    client: TestClient, spiral: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One sample is within the limits; the grid's 1,024 at once are not."""
    macs = 2 * 6 + 6 * 20 + 20 * 4 + 4 * 4 + 4 * 4 + 4 * 2  # the Linears' weights, a sample
    settings = client.app.state.services.settings  # type: ignore[attr-defined]
    monkeypatch.setattr(settings, "max_macs", macs * GRID * GRID - 1)
    assert client.post(f"/api/runs/{spiral}/predict", json={"input": [0.5, 0.5]}).status_code == 200
    reply = client.get(f"/api/runs/{spiral}/neurons")
    assert (reply.status_code, reply.json()["detail"]) == (
        422,
        "Neuron maps run the model on 1,024 points at once: 258,048 multiply-accumulates and "
        "0.3 MiB of layer outputs, over the 258,047 and 128.0 MiB one request may use on this "
        "server: use narrower or fewer layers (neuron maps are for small models of two inputs).",
    )
