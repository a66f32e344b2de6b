"""TensorFlow Playground's options for the 2-D sets: noise, training share, input features.

numpy, scikit-learn and torch are the oracles: the data a run gets and its script's data equal
what they compute for the same options. A run on them, its 422s and its preview are tested in
test_live_boundary.py, whose worker is already warm.
"""

from typing import Any

import numpy as np
import pytest
import torch
from sklearn.datasets import make_moons
from sklearn.model_selection import train_test_split

from torchcanvas.training.data import find_dataset, load_split
from torchcanvas.training.data.plane import DatasetOptions, plane_input
from torchcanvas.training.data.plane_sets import PLANE_SETS
from torchcanvas.training.script_data import data_code

ALL = ["x1", "x2", "x1_squared", "x2_squared", "x1_x2", "sin_x1", "sin_x2"]


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
