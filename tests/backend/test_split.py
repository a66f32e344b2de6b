"""The dataset split picks exactly the rows of scikit-learn's train_test_split, also in place."""

import math

import numpy as np
import pytest
from sklearn.model_selection import train_test_split

from torchcanvas.training.catalog import Task
from torchcanvas.training.data.info import SPLIT_SEED
from torchcanvas.training.data.split import split_arrays, split_in_place

CASES = [
    (rows, classes, fraction, task)
    for rows in (2, 3, 11, 57, 1000, 20_011)
    for classes in (1, 2, 3, 7, 40)
    for fraction in (0.05, 0.2, 0.5)
    for task in ("classification", "regression")
]


def _sklearn(x: np.ndarray, y: np.ndarray, task: Task, fraction: float) -> list[np.ndarray]:
    n = len(y)
    n_val = min(n - 1, max(1, math.ceil(n * fraction)))
    stratify = None
    if task == "classification":
        _, counts = np.unique(y, return_counts=True)
        if counts.min() >= 2 and min(n_val, n - n_val) >= len(counts):
            stratify = y
    x_tr, x_va, y_tr, y_va = train_test_split(
        x, y, test_size=n_val, random_state=SPLIT_SEED, stratify=stratify
    )
    return [x_tr, y_tr, x_va, y_va]


@pytest.mark.parametrize(("rows", "classes", "fraction", "task"), CASES)
def test_the_split_is_train_test_splits(
    rows: int, classes: int, fraction: float, task: Task
) -> None:
    rng = np.random.default_rng(rows * 100 + classes)
    y = rng.integers(0, classes, rows)
    x = rng.normal(size=(rows, 2, 3)).astype(np.float32)  # (N, 2, 3): samples of any shape
    expected = _sklearn(x, y, task, fraction)
    copied = split_arrays(x, y, task, fraction)
    reordered = split_in_place(x.copy(), y, task, fraction)
    for split in (copied, reordered):
        got = [split.x_train, split.y_train, split.x_val, split.y_val]
        for part, want in zip(got, expected, strict=True):
            np.testing.assert_array_equal(part, want)


def test_the_in_place_split_keeps_views_of_the_array() -> None:
    x = np.arange(40, dtype=np.float32).reshape(20, 2)
    split = split_in_place(x, np.arange(20) % 2, "classification", 0.25)
    assert np.shares_memory(split.x_train, x) and np.shares_memory(split.x_val, x)
    assert sorted(np.concatenate([split.x_train[:, 0], split.x_val[:, 0]])) == list(range(0, 40, 2))
