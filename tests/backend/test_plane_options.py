"""TensorFlow Playground's options for the 2-D sets: noise, training share, input features.

numpy, scikit-learn and torch are the oracles: the data a run gets, its boundary maps, its
predictions and its script's data all equal what they compute for the same options.
"""

import base64
import io
import json
import zipfile
from typing import Any

import numpy as np
import pytest
import torch
from fastapi.testclient import TestClient
from sklearn.datasets import make_moons
from sklearn.model_selection import train_test_split

from tests.backend.conftest import read_socket
from tests.backend.test_results import MLP_2D, _run, _trained_net
from torchcanvas.training.data import find_dataset, load_split
from torchcanvas.training.data.plane import DatasetOptions, plane_input
from torchcanvas.training.data.plane_sets import PLANE_SETS
from torchcanvas.training.live_boundary import LIVE_GRID
from torchcanvas.training.script_data import data_code

ALL = ["x1", "x2", "x1_squared", "x2_squared", "x1_x2", "sin_x1", "sin_x2"]
RING = DatasetOptions(noise=5, train_share=70, features=["x1_squared", "x2_squared"])


def _numpy_features(points: np.ndarray) -> np.ndarray:
    """(N, 2) -> (N, 7): TensorFlow Playground's inputs, in its order."""
    x1, x2 = points[:, 0], points[:, 1]
    return np.stack([x1, x2, x1 * x1, x2 * x2, x1 * x2, np.sin(x1), np.sin(x2)], axis=1)


def test_moons_with_options_are_scikit_learn_s_split_and_features() -> None:
    options = DatasetOptions(noise=35, train_share=30, features=list(reversed(ALL)))
    split = load_split("moons", options=options)
    x, y = make_moons(n_samples=600, noise=0.35, random_state=0)
    x_train, x_val, y_train, y_val = train_test_split(
        x, y, test_size=420, random_state=0, stratify=y
    )
    # Features come in Playground's order whatever the order asked for.
    want = _numpy_features(x_train.astype(np.float32))
    assert split.x_train.shape == (180, 7) and split.x_val.shape == (420, 7)
    assert np.allclose(split.x_train.numpy(), want, rtol=1e-6, atol=1e-7)
    assert np.array_equal(split.y_train.numpy(), y_train)
    assert np.array_equal(split.y_val.numpy(), y_val)
    assert split.points_val is not None
    assert np.array_equal(split.points_val.numpy(), x_val.astype(np.float32))
    info = find_dataset("moons", options=options)
    assert info.sample_shape == [7] and (info.train_size, info.val_size) == (180, 420)
    assert info.plane is not None and info.plane.features == ALL and info.plane.noise == 35


@pytest.mark.parametrize("name", list(PLANE_SETS))
def test_same_options_same_data_and_defaults_are_the_sets_of_before(name: str) -> None:
    plain = load_split(name)
    assert plain.x_train.shape == (480, 2)  # no options: 80 % to train, on x1, x2
    default = PLANE_SETS[name].noise
    same = load_split(name, options=DatasetOptions(noise=default, train_share=80))
    assert torch.equal(same.x_train, plain.x_train) and torch.equal(same.y_val, plain.y_val)
    noisier = DatasetOptions(noise=default + 20)
    assert torch.equal(
        load_split(name, options=noisier).x_val, load_split(name, options=noisier).x_val
    )
    changed = load_split(name, options=noisier)
    assert not (
        torch.equal(changed.x_train, plain.x_train) and torch.equal(changed.y_train, plain.y_train)
    )


def test_gaussian_noise_is_the_clouds_spread() -> None:
    split = load_split("gaussian", options=DatasetOptions(noise=40, train_share=90))
    points = torch.cat([split.x_train, split.x_val])
    labels = torch.cat([split.y_train, split.y_val])
    spread = points[labels == 0].std(dim=0)  # about noise / 25 = 1.6
    assert ((spread - 1.6).abs() < 0.15).all()


@pytest.mark.parametrize("name", list(PLANE_SETS))
def test_the_script_makes_the_runs_data_bit_for_bit(name: str) -> None:
    options = DatasetOptions(noise=33, train_share=40, features=["x1_x2", "sin_x1", "x2"])
    code = data_code(find_dataset(name, options=options))
    namespace: dict[str, Any] = {"__name__": "generated"}
    exec("\n".join(sorted(code.imports)) + "\n" + code.code, namespace)
    got = namespace["load_data"]()
    want = load_split(name, options=options)
    for mine, theirs in zip(got, (want.x_train, want.y_train, want.x_val, want.y_val), strict=True):
        assert mine.dtype == theirs.dtype and torch.equal(mine, theirs)


def test_plane_input_is_each_feature_of_each_point() -> None:
    points = torch.tensor([[0.5, -2.0], [3.0, 1.5]])
    got = plane_input(points, ALL)
    want = torch.tensor(_numpy_features(points.numpy()))
    assert torch.allclose(got, want) and torch.equal(plane_input(points, ["x1", "x2"]), points)


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
