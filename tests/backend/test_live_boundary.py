"""The decision boundary while a 2-D run trains: its events, checked against torch on the weights;
and a run on a 2-D set's options (noise, training share, features), whose maps, predictions and
bundle take its features (test_plane_options.py checks the options' data)."""

import base64
import io
import json
import math
import time
import zipfile
from typing import Any

import numpy as np
import pytest
import torch
from fastapi.testclient import TestClient
from pydantic import TypeAdapter

from tests.backend.conftest import read_socket
from tests.backend.test_live_neurons import assert_matches, neuron_grid
from tests.backend.test_results import MLP_2D, _run, _trained_net
from torchcanvas.api.event_messages import RunEventMessage
from torchcanvas.design.build import build_network
from torchcanvas.design.schema import Design
from torchcanvas.export.neurons import GRID as NEURON_GRID
from torchcanvas.training.data import load_split
from torchcanvas.training.data.plane import DatasetOptions
from torchcanvas.training.live_boundary import EARLY_MAPS, LIVE_GRID, MAX_MAPS, BoundaryMaps
from torchcanvas.training.objectives import LossFunction
from torchcanvas.training.settings import TrainingSettings

CELLS = LIVE_GRID * LIVE_GRID
ENCODED = 4 * math.ceil(CELLS / 3)  # base64 of one byte a cell: the declared size


def _bytes(text: str) -> torch.Tensor:
    return torch.tensor(list(base64.b64decode(text)))


def test_a_2d_run_sends_maps_and_the_last_is_the_trained_model_s(client: TestClient) -> None:
    run_id = _run(client, MLP_2D, dataset="moons", epochs=4)
    events = read_socket(client, run_id)
    maps = [e for e in events if e["type"] == "boundary"]
    assert len(maps) >= 2  # the first epoch's (nothing paces it yet) and the last's
    assert [m["epoch"] for m in maps] == sorted({m["epoch"] for m in maps})
    assert maps[0]["epoch"] == 1 and maps[-1]["epoch"] == 4
    assert maps[-1]["seq"] < events[-1]["seq"]  # before the end, in the run's numbering
    for m in maps:
        assert m["size"] == LIVE_GRID
        assert len(m["classes"]) == len(m["confidence"]) == ENCODED
    x, y = load_split("moons").x_val, load_split("moons").y_val
    points = [[a, b, float(c)] for (a, b), c in zip(x.tolist(), y.tolist(), strict=True)]
    assert maps[0]["points"] == points
    assert all(m["points"] is None for m in maps[1:])  # sent once: they do not change
    # The key's names, as the finished map's (a log from before them replays: they are optional).
    final_classes = client.get(f"/api/runs/{run_id}/results").json()["classes"]
    assert maps[0]["class_names"] == final_classes and len(final_classes) == 2
    assert all(m["class_names"] is None for m in maps[1:])
    old = ("class_names", "neurons")  # a log from before maps carried them
    old_log = json.dumps([{k: v for k, v in m.items() if k not in old} for m in maps])
    replayed = TypeAdapter(list[RunEventMessage]).validate_json(old_log)
    assert [m.model_dump()["class_names"] for m in replayed] == [None] * len(maps)
    assert [m.model_dump()["neurons"] for m in replayed] == [None] * len(maps)

    # Torch as the oracle: the downloaded weights on a grid made here, over the final map's extent.
    final = client.get(f"/api/runs/{run_id}/results").json()["boundary"]
    last = maps[-1]
    extent = ("x_min", "x_max", "y_min", "y_max")
    assert [last[k] for k in extent] == [final[k] for k in extent]
    xs = torch.linspace(last["x_min"], last["x_max"], LIVE_GRID)
    ys = torch.linspace(last["y_min"], last["y_max"], LIVE_GRID)
    grid = torch.stack(torch.meshgrid(xs, ys, indexing="xy"), dim=-1).reshape(-1, 2)  # (G², 2)
    with torch.no_grad():
        logits = _trained_net(client, run_id, MLP_2D)(grid)
    clear = (logits[:, 0] - logits[:, 1]).abs() > 1e-4  # not a tie that rounding could flip
    classes, sure = _bytes(last["classes"]), _bytes(last["confidence"])
    assert classes.shape == sure.shape == (CELLS,)
    assert torch.equal(classes[clear], logits.argmax(dim=1)[clear])
    expected = (logits.softmax(dim=1).max(dim=1).values * 255).round()
    assert (sure - expected).abs().max() <= 1  # a float rounding may land on the next byte
    assert int(clear.sum()) >= CELLS - LIVE_GRID and set(classes.tolist()) == {0, 1}

    # Each map carries the neurons at its epoch: the last's are the trained weights' units on
    # the neurons' grid over the same extent, layer by layer, as torch computes them here.
    assert all([n["id"] for n in m["neurons"]["layers"]] == ["fc1", "act", "fc2"] for m in maps)
    net = _trained_net(client, run_id, MLP_2D)
    with torch.no_grad():
        fc1 = net.get_submodule("fc1")(neuron_grid(last))  # (N², 16)
        act = torch.tanh(fc1)
        fc2 = net.get_submodule("fc2")(act)
    for layer, values in zip(last["neurons"]["layers"], [fc1, act, fc2], strict=True):
        assert_matches(layer, values)
    assert maps[0]["neurons"] != last["neurons"]  # they change as it trains

    # A replay after N is the log from N on; a share link's page reads the same events.
    after = maps[0]["seq"]
    assert read_socket(client, run_id, after=after) == events[after:]
    token = client.post(f"/api/runs/{run_id}/shares", json={}).json()["url"].rsplit("/s/", 1)[1]
    shared = client.get(f"/api/shared/{token}/events").json()
    assert [e for e in shared if e["type"] == "boundary"] == maps


def test_a_run_on_other_than_2d_points_sends_no_map(client: TestClient) -> None:
    design = {**MLP_2D, "input_shape": [13]}
    design["layers"] = [*MLP_2D["layers"][:2], {"id": "fc2", "type": "Linear", "params": {"out_features": 3}}]  # fmt: skip
    run_id = _run(client, design, dataset="wine", epochs=2)
    assert not [e for e in read_socket(client, run_id) if e["type"] == "boundary"]


def test_a_thousand_epochs_store_a_bounded_number_of_maps() -> None:
    """However fast the epochs (so time never paces them), a long run skips epochs."""
    torch.manual_seed(0)
    model = build_network(Design.model_validate(MLP_2D))
    split = load_split("spiral")
    settings = TrainingSettings.model_validate(
        {"dataset": "spiral", "loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 0.01,
         "epochs": 1000, "batch_size": 32, "seed": 0}
    )  # fmt: skip
    cpu = torch.device("cpu")
    maps = BoundaryMaps.for_run(split.x_val, split.y_val, ["0", "1"], 1000, cpu)
    assert maps is not None
    assert BoundaryMaps.for_run(split.x_val[:, :1], split.y_val, ["0", "1"], 9, cpu) is None
    loss_fn = LossFunction(settings, 2)
    stored: list[Any] = []
    for epoch in range(1, 1001):
        maps.made_at = -math.inf  # as if each epoch lasted long: the worst case
        if maps.due(epoch, last=epoch == 1000):
            stored.append(maps.make(model.train(), loss_fn, epoch, epoch))
            assert model.training  # the map is made in eval mode, and training goes on in train
    assert MAX_MAPS // 2 <= len(stored) <= MAX_MAPS and stored[-1].epoch == 1000
    assert sum(len(event.model_dump_json(exclude={"neurons"})) for event in stored) < 1_000_000
    # Their neurons: 18 maps of 16² bytes each (fc1's and act's first 8 units, fc2's 2), 6 KB of
    # base64 and 36 numbers an event: 1.3 MB at most over the whole run.
    assert all(event.neurons is not None for event in stored)
    assert (
        sum(len(event.neurons.model_dump_json()) for event in stored if event.neurons) < 1_400_000
    )


def test_a_fast_run_maps_its_first_epoch_and_its_early_ones() -> None:
    """Epochs quicker than MAP_SECONDS and than the maps' cost: the first is mapped, and the next
    EARLY_MAPS at their epochs (its boundary forms in its first second), then only the last
    (time never passes)."""
    model = build_network(Design.model_validate(MLP_2D))
    split = load_split("spiral")
    maps = BoundaryMaps.for_run(split.x_val, split.y_val, ["0", "1"], 1000, torch.device("cpu"))
    assert maps is not None
    settings = TrainingSettings.model_validate(
        {"dataset": "spiral", "loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 0.01,
         "epochs": 1000, "batch_size": 32, "seed": 0}
    )  # fmt: skip
    mapped = []
    for epoch in range(1, 1001):
        maps.made_at, maps.cost = time.monotonic(), 1.0  # as if the last map were just made, slowly
        if maps.due(epoch, last=epoch == 1000):
            maps.make(model, LossFunction(settings, 2), epoch, epoch)
            mapped.append(epoch)
    every = maps.every  # 6: 1000 epochs over MAX_MAPS less the first and the last
    assert mapped == [1, *(every * n for n in range(1, EARLY_MAPS + 1)), 1000]


# A 2-D set's options: here, where a warm worker already trains.
RING = DatasetOptions(noise=5, train_share=70, features=["x1_squared", "x2_squared"])
ALL = ["x1", "x2", "x1_squared", "x2_squared", "x1_x2", "sin_x1", "sin_x2"]


def _training(**change: Any) -> dict[str, Any]:
    return {
        "dataset": "circles",
        "loss": "CrossEntropyLoss",
        "optimizer": "Adam",
        "lr": 0.05,
        "epochs": 3,
        "batch_size": 32,
        **change,
    }


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"dataset_options": {"noise": 51}}, "training.dataset_options.noise", "50"),
        (
            {"dataset_options": {"train_share": 5}},
            "training.dataset_options.train_share",
            "10",
        ),
        ({"dataset_options": {"features": []}}, "training.dataset_options.features", "1"),
        (
            {"dataset_options": {"features": ["x3"]}},
            "training.dataset_options.features.0",
            "x1_squared",
        ),
        (
            {"dataset_options": {"features": ["x1", "x1"]}},
            "training.dataset_options.features",
            "once",
        ),
    ],
)
def test_options_out_of_bounds_are_a_422_naming_field_and_bound(
    client: TestClient, change: dict[str, Any], field: str, words: str
) -> None:
    design = {**MLP_2D, "input_shape": [2]}
    reply = client.post("/api/runs", json={"design": design, "training": _training(**change)})
    assert reply.status_code == 422, reply.text
    message = reply.json()["errors"][0]["message"]
    assert message.startswith(field + ":") and words in message


def test_options_for_a_dataset_without_them_are_a_422(client: TestClient) -> None:
    design = {**MLP_2D, "input_shape": [13]}
    training = _training(dataset="wine", dataset_options={"noise": 10})
    reply = client.post("/api/runs", json={"design": design, "training": training})
    assert reply.status_code == 422
    errors = {e["field"]: e["message"] for e in reply.json()["errors"]}
    assert errors["training.dataset_options"].startswith("`wine` takes no dataset options")
    preview = client.get("/api/datasets/wine/preview?noise=10")
    assert preview.status_code == 409 and "takes no dataset options" in preview.json()["detail"]


def test_an_input_shape_that_misses_the_features_is_a_422(client: TestClient) -> None:
    training = _training(dataset_options={"features": ALL})
    reply = client.post("/api/runs", json={"design": MLP_2D, "training": training})
    assert reply.status_code == 422
    assert "set input_shape to [7]" in reply.json()["errors"][0]["message"]


def test_the_preview_follows_the_options(client: TestClient) -> None:
    catalog = client.get("/api/catalog").json()
    circles = next(d for d in catalog["datasets"] if d["name"] == "circles")
    assert circles["plane"] == {"noise": 10.0, "train_share": 80, "features": ["x1", "x2"]}
    assert catalog["dataset_options"]["bounds"]["noise"]["max"] == 50
    query = "noise=5&train_share=70&features=x1_squared&features=x2_squared"
    preview = client.get(f"/api/datasets/circles/preview?{query}").json()
    split = load_split("circles", options=RING)
    assert preview["x_shape"] == [420, 2] and preview["columns"] == ["x₁²", "x₂²", "target"]
    points = preview["points"]
    assert [p[3] for p in points] == [0] * 420 + [1] * 180
    assert np.allclose([p[:2] for p in points[420:]], split.points_val.numpy(), atol=1e-4)


def _boundary_input(extent: dict[str, float], size: int) -> torch.Tensor:
    """(size², 2) grid over a map's extent, row by row from y_min, as x1², x2²."""
    xs = torch.linspace(extent["x_min"], extent["x_max"], size)
    ys = torch.linspace(extent["y_min"], extent["y_max"], size)
    grid = torch.stack(torch.meshgrid(xs, ys, indexing="xy"), dim=-1).reshape(-1, 2)
    return torch.stack([grid[:, 0] ** 2, grid[:, 1] ** 2], dim=1)


def test_a_run_with_features_maps_its_boundary_and_predicts_from_x1_x2(
    client: TestClient,
) -> None:
    run_id = _run(client, MLP_2D, **_training(dataset_options=RING.model_dump()))
    net = _trained_net(client, run_id, MLP_2D)
    results = client.get(f"/api/runs/{run_id}/results").json()
    final = results["boundary"]
    split = load_split("circles", options=RING)
    assert (
        final["points"]
        == [
            [a, b, float(c)]
            for (a, b), c in zip(split.points_val.tolist(), split.y_val.tolist(), strict=True)
        ][:400]
    )
    with torch.no_grad():
        logits = net(_boundary_input(final, final["size"]))
    clear = (logits[:, 0] - logits[:, 1]).abs() > 1e-4
    got = torch.tensor(final["classes"])
    assert torch.equal(got[clear], logits.argmax(dim=1)[clear]) and set(got.tolist()) == {0, 1}

    events = read_socket(client, run_id)
    last = [e for e in events if e["type"] == "boundary"][-1]
    with torch.no_grad():
        live = net(_boundary_input(last, LIVE_GRID)).argmax(dim=1)
    classes = torch.tensor(list(base64.b64decode(last["classes"])))
    assert (classes != live).sum() <= LIVE_GRID  # ties on the boundary at most

    # Try it: the point (x1, x2); the server computes x1², x2² as the run did.
    answer = client.post(f"/api/runs/{run_id}/predict", json={"input": [0.5, -2.0]})
    with torch.no_grad():
        want = net(torch.tensor([[0.25, 4.0]])).softmax(dim=1)[0].tolist()
    assert answer.status_code == 200 and np.allclose(
        answer.json()["probabilities"], want, atol=1e-6
    )
    wrong = client.post(f"/api/runs/{run_id}/predict", json={"input": [0.25, 4.0, 1.0]})
    assert wrong.status_code == 422 and "2 numbers, x1 and x2" in wrong.json()["detail"]

    # The model keeps its features: the stored dataset info and the bundle say them.
    model = client.get(f"/api/models/{run_id}").json()
    assert model["dataset"]["plane"]["features"] == ["x1_squared", "x2_squared"]
    bundle = zipfile.ZipFile(io.BytesIO(client.get(f"/api/runs/{run_id}/files/bundle.zip").content))
    kept = json.loads(bundle.read("preprocessing.json"))
    assert kept["plane"]["features"] == ["x1_squared", "x2_squared"] and "x₁²" in kept["scaling"]

    # Its script rebuilds the same data and features, bit for bit.
    namespace: dict[str, Any] = {"__name__": "script"}
    exec(client.get(f"/api/runs/{run_id}/code.py").text, namespace)
    got = namespace["load_data"]()
    for mine, theirs in zip(
        got, (split.x_train, split.y_train, split.x_val, split.y_val), strict=True
    ):
        assert torch.equal(mine, theirs)

    # Its neuron maps are its units over the same plane, fed the same features.
    neurons = client.get(f"/api/runs/{run_id}/neurons").json()
    fc1 = next(layer for layer in neurons["layers"] if layer["id"] == "fc1")
    with torch.no_grad():
        units = net.get_submodule("fc1")(_boundary_input(final, NEURON_GRID))  # (G², 16)
    for unit, shown in enumerate(fc1["maps"][:4]):
        low, high = units[:, unit].min().item(), units[:, unit].max().item()
        assert abs(shown["min"] - low) < 1e-5 and abs(shown["max"] - high) < 1e-5

    # Classify many: rows of points (x1, x2), each answered as Try it answers it.
    rows = b"x1,x2,target\n0.5,-2.0,a\n2.5,0.25,b\n"
    parts = [("file", ("points.csv", rows, "text/csv"))]
    many = client.post(f"/api/runs/{run_id}/classify-many", files=parts).json()
    top = {c["name"]: c["probability"] for c in many["items"][0]["top"]}
    assert all(abs(top[name] - p) < 1e-6 for name, p in zip("ab", want, strict=True))
