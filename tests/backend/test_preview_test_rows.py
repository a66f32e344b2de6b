"""A 2-D set's preview marks the test rows a run with that test_fraction holds out (part 2), the
same rows held_out.py takes out of the training part; a share out of the setting's bounds is a 422
that names it."""

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

from tests.backend.conftest import open_client
from torchcanvas.training.data import load_split
from torchcanvas.training.data.plane import DatasetOptions
from torchcanvas.training.held_out import hold_out


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with open_client(Path(tmp_path_factory.mktemp("data"))) as test_client:
        yield test_client


def _same(points: list[list[float]], part: int, x: np.ndarray, y: np.ndarray) -> bool:
    """Whether the preview's points of this part are these samples (x (N, 2), y (N,)), each one
    once, up to the preview's rounding to 4 decimals."""
    shown = np.array([p for p in points if p[3] == part]).reshape(-1, 4)
    if len(shown) != len(x):
        return False
    distance = np.abs(shown[:, None, :2] - x[None, :, :].astype(np.float64)).max(axis=2)
    nearest = distance.argmin(axis=1)  # each shown point's sample
    return bool(
        (distance.min(axis=1) < 1e-4).all()
        and len(set(nearest.tolist())) == len(x)
        and (shown[:, 2] == y[nearest]).all()
    )


@pytest.mark.parametrize(
    ("name", "query", "options", "fraction"),
    [
        ("spiral", "", None, 0.1),
        ("circles", "&noise=5&train_share=70", DatasetOptions(noise=5, train_share=70), 0.25),
        ("xor", "", None, 0.5),
    ],
)
def test_the_points_marked_test_are_the_rows_a_run_holds_out(
    client: TestClient, name: str, query: str, options: DatasetOptions | None, fraction: float
) -> None:
    reply = client.get(f"/api/datasets/{name}/preview?test_fraction={fraction}{query}")
    assert reply.status_code == 200, reply.text
    points = reply.json()["points"]
    split = load_split(name, options=options)
    task = "classification"
    train_before = len(split.y_train)
    held = hold_out(split, task, fraction)
    assert held is not None and split.points_val is not None
    # load_split's x are the features (x1, x2 by default: the points themselves)
    assert len(held.y) < train_before
    assert _same(points, 2, held.x.numpy(), held.y.numpy())
    assert _same(points, 0, split.x_train.numpy(), split.y_train.numpy())
    assert _same(points, 1, split.points_val.numpy(), split.y_val.numpy())


def test_the_order_is_training_validation_test(client: TestClient) -> None:
    points = client.get("/api/datasets/spiral/preview?test_fraction=0.1").json()["points"]
    parts = [int(p[3]) for p in points]  # the test points last, drawn on top
    assert parts == [0] * 432 + [1] * 120 + [2] * 48


def test_no_share_marks_no_test_point(client: TestClient) -> None:
    for query in ("", "?test_fraction=0"):
        points = client.get(f"/api/datasets/spiral/preview{query}").json()["points"]
        assert {int(p[3]) for p in points} == {0, 1}


@pytest.mark.parametrize("fraction", ["0.7", "-0.1", "half", "nan"])
def test_a_share_out_of_bounds_is_a_422_that_names_it(client: TestClient, fraction: str) -> None:
    reply = client.get(f"/api/datasets/spiral/preview?test_fraction={fraction}")
    assert reply.status_code == 422, reply.text
    [error] = reply.json()["errors"]
    assert error["field"] == "test_fraction", error


def test_the_bound_is_said(client: TestClient) -> None:
    reply = client.get("/api/datasets/spiral/preview?test_fraction=0.7")
    assert reply.json()["detail"] == (
        "The request is not valid: test_fraction: 0.7 is over the most allowed, 0.5."
    )
