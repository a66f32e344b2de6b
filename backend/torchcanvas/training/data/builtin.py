"""Built-in datasets that need no download: scikit-learn's shipped sets and TensorFlow Playground's 2-D sets."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import numpy as np
from sklearn.datasets import load_breast_cancer, load_diabetes, load_digits, load_wine, make_moons

from torchcanvas.training.catalog import Task
from torchcanvas.training.data.info import (
    SPLIT_SEED,
    ArraySplit,
    DatasetInfo,
    Pictures,
    Standardisation,
    describe,
    standardise,
)
from torchcanvas.training.data.split import split_arrays

POINTS = 600  # samples in each 2-D set


@dataclass(frozen=True)
class Builtin:
    """One built-in dataset: its words, and how to make its split."""

    title: str
    help: str
    task: Task
    classes: list[str] | None
    make: Callable[[], tuple[ArraySplit, Standardisation | None]]
    pictures: Pictures | None = None


def _plain(x: np.ndarray, y: np.ndarray, task: Task) -> tuple[ArraySplit, None]:
    return split_arrays(x, y, task), None


def _digits() -> tuple[ArraySplit, None]:
    bunch = load_digits()
    x = bunch.images.reshape(-1, 1, 8, 8) / 16.0  # (N, 64) -> (N, 1, 8, 8), pixels in [0, 1]
    return _plain(x, bunch.target, "classification")


def _table(load: Callable[..., object], task: Task) -> tuple[ArraySplit, Standardisation]:
    """A scikit-learn table: features standardised with the training part's statistics."""
    bunch = load()
    x, y = bunch.data, bunch.target  # type: ignore[attr-defined]
    if task == "regression":
        y = y.reshape(-1, 1).astype(np.float32)  # (N,) -> (N, 1): one output to predict
    split = split_arrays(x, y, task)
    features = [str(f) for f in bunch.feature_names]  # type: ignore[attr-defined]
    return standardise(split, features, scale_target=task == "regression")


def _spiral() -> tuple[ArraySplit, None]:
    rng = np.random.default_rng(SPLIT_SEED)
    per_class = POINTS // 2
    radius = np.linspace(0.05, 1.0, per_class)
    xs, ys = [], []
    for label in (0, 1):
        angle = radius * 3.5 * np.pi + label * np.pi + rng.normal(0, 0.15, per_class)
        xs.append(np.stack([radius * np.sin(angle), radius * np.cos(angle)], axis=1))
        ys.append(np.full(per_class, label))
    return _plain(np.concatenate(xs) * 3.0, np.concatenate(ys), "classification")


def _moons() -> tuple[ArraySplit, None]:
    x, y = make_moons(n_samples=POINTS, noise=0.2, random_state=SPLIT_SEED)
    return _plain(x, y, "classification")


def _circles() -> tuple[ArraySplit, None]:
    """Playground's circle: a disc of one class inside a ring of the other."""
    rng = np.random.default_rng(SPLIT_SEED)
    half = POINTS // 2
    inner = rng.uniform(0, 1.5, half)
    outer = rng.uniform(2.1, 3.0, half)
    radius = np.concatenate([inner, outer])
    angle = rng.uniform(0, 2 * np.pi, POINTS)
    x = np.stack([radius * np.sin(angle), radius * np.cos(angle)], axis=1)
    x += rng.normal(0, 0.1, x.shape)
    y = np.concatenate([np.zeros(half, int), np.ones(half, int)])
    return _plain(x, y, "classification")


def _xor() -> tuple[ArraySplit, None]:
    """Playground's exclusive or: the class is whether x and y have the same sign."""
    rng = np.random.default_rng(SPLIT_SEED)
    x = rng.uniform(-3, 3, (POINTS, 2))
    x += np.where(x > 0, 0.15, -0.15)  # a small gap around the axes, as in Playground
    y = (x[:, 0] * x[:, 1] < 0).astype(int)
    return _plain(x, y, "classification")


def _gaussian() -> tuple[ArraySplit, None]:
    """Playground's Gaussian: two overlapping clouds."""
    rng = np.random.default_rng(SPLIT_SEED)
    half = POINTS // 2
    x = np.concatenate([rng.normal(1.5, 0.8, (half, 2)), rng.normal(-1.5, 0.8, (half, 2))])
    y = np.concatenate([np.zeros(half, int), np.ones(half, int)])
    return _plain(x, y, "classification")


def _sine() -> tuple[ArraySplit, None]:
    rng = np.random.default_rng(SPLIT_SEED)
    x = rng.uniform(-np.pi, np.pi, size=(POINTS, 1))
    y = np.sin(x) + rng.normal(0, 0.1, size=x.shape)
    return _plain(x, y, "regression")


_AB = ["a", "b"]

BUILTINS: dict[str, Builtin] = {
    "digits": Builtin(
        "Handwritten digits (8×8)",
        "1,797 grayscale 8×8 images of the digits 0–9, from scikit-learn.",
        "classification",
        [str(d) for d in range(10)],
        _digits,
        # Ink counted 0 to 16 per pixel: a picture's bytes are rounded to sixteenths.
        Pictures(
            levels=16, looks="A white digit on black, filling the square, as the 8×8 digits are."
        ),
    ),
    "spiral": Builtin(
        "Two spirals",
        "600 points in 2-D on two interleaved spirals: needs a non-linear model.",
        "classification",
        _AB,
        _spiral,
    ),
    "moons": Builtin(
        "Two moons", "600 noisy points in 2-D on two half circles.", "classification", _AB, _moons
    ),
    "circles": Builtin(
        "Circle in a ring",
        "600 points in 2-D: a disc of one class inside a ring of the other (TensorFlow Playground).",
        "classification",
        _AB,
        _circles,
    ),
    "xor": Builtin(
        "Exclusive or",
        "600 points in 2-D whose class is whether both coordinates have the same sign (TensorFlow Playground).",
        "classification",
        _AB,
        _xor,
    ),
    "gaussian": Builtin(
        "Two Gaussians",
        "600 points in 2-D from two overlapping Gaussian clouds (TensorFlow Playground).",
        "classification",
        _AB,
        _gaussian,
    ),
    "sine": Builtin(
        "Noisy sine",
        "600 values of sin(x) with noise, for x in [-π, π]: a 1-D regression.",
        "regression",
        None,
        _sine,
    ),
    "wine": Builtin(
        "Wines",
        "178 wines, 13 chemical measurements each (standardised), from 3 cultivars; from scikit-learn.",
        "classification",
        ["class_0", "class_1", "class_2"],
        lambda: _table(load_wine, "classification"),
    ),
    "breast_cancer": Builtin(
        "Breast cancer",
        "569 tumours, 30 measurements each (standardised), malignant or benign; from scikit-learn.",
        "classification",
        ["malignant", "benign"],
        lambda: _table(load_breast_cancer, "classification"),
    ),
    "diabetes": Builtin(
        "Diabetes progression",
        "442 patients, 10 measurements each; predict disease progression a year later "
        "(features and target standardised); from scikit-learn.",
        "regression",
        None,
        lambda: _table(load_diabetes, "regression"),
    ),
}


@cache
def builtin_split(name: str) -> tuple[ArraySplit, DatasetInfo]:
    """The fixed split of a built-in dataset, and its catalogue entry."""
    entry = BUILTINS[name]
    split, stats = entry.make()
    info = describe(
        name,
        entry.title,
        entry.help,
        entry.task,
        entry.classes,
        split,
        "builtin",
        stats,
        pictures=entry.pictures,
    )
    return split, info
