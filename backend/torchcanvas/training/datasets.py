"""Built-in datasets that need no download, each split once into fixed train and validation parts."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import numpy as np
import torch
from pydantic import BaseModel
from sklearn.datasets import load_digits, make_moons
from sklearn.model_selection import train_test_split

from torchcanvas.training.catalog import Task

SPLIT_SEED = 0  # fixed, so every run on a dataset sees the same validation samples
VAL_FRACTION = 0.2


class DatasetInfo(BaseModel):
    """What the editor needs to know about a dataset: its sample shape, task and classes."""

    name: str
    title: str
    help: str
    task: Task
    sample_shape: list[int]
    target_shape: list[int]
    classes: list[str] | None
    train_size: int
    val_size: int


@dataclass
class Split:
    """A dataset as tensors: x is (N, *sample_shape); y is (N,) class indices or (N, *target_shape)."""

    x_train: torch.Tensor
    y_train: torch.Tensor
    x_val: torch.Tensor
    y_val: torch.Tensor


def _split(x: np.ndarray, y: np.ndarray, task: Task) -> Split:
    stratify = y if task == "classification" else None
    x_tr, x_va, y_tr, y_va = train_test_split(
        x, y, test_size=VAL_FRACTION, random_state=SPLIT_SEED, stratify=stratify
    )
    y_type = torch.long if task == "classification" else torch.float32
    return Split(
        torch.as_tensor(x_tr, dtype=torch.float32),
        torch.as_tensor(y_tr, dtype=y_type),
        torch.as_tensor(x_va, dtype=torch.float32),
        torch.as_tensor(y_va, dtype=y_type),
    )


def _digits() -> Split:
    bunch = load_digits()
    x = bunch.images.reshape(-1, 1, 8, 8) / 16.0  # (N, 64) -> (N, 1, 8, 8), pixels in [0, 1]
    return _split(x, bunch.target, "classification")


def _spiral() -> Split:
    rng = np.random.default_rng(SPLIT_SEED)
    per_class = 300
    radius = np.linspace(0.05, 1.0, per_class)
    xs, ys = [], []
    for label in (0, 1):
        angle = radius * 3.5 * np.pi + label * np.pi + rng.normal(0, 0.15, per_class)
        xs.append(np.stack([radius * np.sin(angle), radius * np.cos(angle)], axis=1))
        ys.append(np.full(per_class, label))
    return _split(np.concatenate(xs) * 3.0, np.concatenate(ys), "classification")


def _moons() -> Split:
    x, y = make_moons(n_samples=600, noise=0.2, random_state=SPLIT_SEED)
    return _split(x, y, "classification")


def _sine() -> Split:
    rng = np.random.default_rng(SPLIT_SEED)
    x = rng.uniform(-np.pi, np.pi, size=(600, 1))
    y = np.sin(x) + rng.normal(0, 0.1, size=x.shape)
    return _split(x, y, "regression")


@dataclass(frozen=True)
class _Entry:
    title: str
    help: str
    task: Task
    classes: list[str] | None
    load: Callable[[], Split]


_DATASETS: dict[str, _Entry] = {
    "digits": _Entry(
        "Handwritten digits (8×8)",
        "1,797 grayscale 8×8 images of the digits 0–9, from scikit-learn.",
        "classification",
        [str(d) for d in range(10)],
        _digits,
    ),
    "spiral": _Entry(
        "Two spirals",
        "600 points in 2-D on two interleaved spirals: needs a non-linear model.",
        "classification",
        ["a", "b"],
        _spiral,
    ),
    "moons": _Entry(
        "Two moons",
        "600 noisy points in 2-D on two half circles.",
        "classification",
        ["a", "b"],
        _moons,
    ),
    "sine": _Entry(
        "Noisy sine",
        "600 values of sin(x) with noise, for x in [-π, π]: a 1-D regression.",
        "regression",
        None,
        _sine,
    ),
}


@cache
def load_split(name: str) -> Split:
    """The dataset's fixed train and validation tensors (on the CPU)."""
    return _DATASETS[name].load()


@cache
def dataset_info(name: str) -> DatasetInfo:
    """The catalogue entry of a dataset."""
    entry, split = _DATASETS[name], load_split(name)
    target_shape = [] if entry.task == "classification" else list(split.y_train.shape[1:])
    return DatasetInfo(
        name=name,
        title=entry.title,
        help=entry.help,
        task=entry.task,
        sample_shape=list(split.x_train.shape[1:]),
        target_shape=target_shape,
        classes=entry.classes,
        train_size=len(split.x_train),
        val_size=len(split.x_val),
    )


def dataset_names() -> list[str]:
    """The names of every built-in dataset."""
    return list(_DATASETS)
