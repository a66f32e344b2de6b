"""Built-in datasets that need no download: scikit-learn's shipped sets and TensorFlow Playground's 2-D sets."""

import importlib.util
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from torchcanvas.training.catalog import Task
from torchcanvas.training.data.info import (
    SPLIT_SEED,
    ArraySplit,
    DatasetInfo,
    Pictures,
    Standardisation,
    Suggested,
    describe,
)
from torchcanvas.training.data.plane import (
    PLAIN_FEATURES,
    TRAIN_SHARE,
    DatasetOptions,
    PlaneOptions,
)
from torchcanvas.training.data.plane_sets import PLANE_SETS, POINTS
from torchcanvas.training.data.split import split_arrays
from torchcanvas.training.data.standardise import standardise
from torchcanvas.training.data.waveforms import SHAPES, STEPS, WAVES, make_waves


@dataclass(frozen=True)
class Builtin:
    """One built-in dataset: its words, and how to make its split."""

    title: str
    help: str
    task: Task
    classes: list[str] | None
    make: Callable[[], tuple[ArraySplit, Standardisation | None]]
    pictures: Pictures | None = None
    # Found by training the MLP template (two hidden layers of 64, Adam at 1e-3) on three seeds:
    # the editor's 10 epochs of 64 (80 steps on 480 points) leave a spiral at chance (0.59), and
    # 50 of 32 learn it (1.0); more than 15 of 32 overfit the diabetes (validation MSE rises).
    suggested: Suggested | None = None


# A spiral and the moons need 750 steps (1.0 and 0.97), the easier 2-D sets 300.
_PLANE_HARD, _PLANE_EASY = Suggested(epochs=50, batch_size=32), Suggested(epochs=20, batch_size=32)


def _plain(x: np.ndarray, y: np.ndarray, task: Task) -> tuple[ArraySplit, None]:
    return split_arrays(x, y, task), None


def _scikit_learn(name: str) -> Any:
    """One of scikit-learn's bundled sets, by its name (`load_<name>`): scikit-learn is imported
    here, not with this module, since it is 0.7 s of CPU the server's start need not pay (the fork
    server imports it for the workers, runs/fork_server.py)."""
    import sklearn.datasets

    return getattr(sklearn.datasets, f"load_{name}")()


def _digits() -> tuple[ArraySplit, None]:
    """scikit-learn's digits, read from the file it ships as load_digits reads it (a row: 64
    pixels, 0 to 16, and the label), without importing it: with SciPy, a second of CPU and tens
    of MB that the server's start, whose warm-up checks a digits run, need not pay."""
    package = importlib.util.find_spec("sklearn")  # found, not imported
    folders = list(package.submodule_search_locations or []) if package is not None else []
    shipped = Path(folders[0]) / "datasets" / "data" / "digits.csv.gz" if folders else None
    if shipped is not None and shipped.is_file():
        rows = np.loadtxt(shipped, delimiter=",")
        images, labels = rows[:, :-1], rows[:, -1].astype(int)
    else:  # another layout, in another version: its own loader
        bunch = _scikit_learn("digits")
        images, labels = bunch.images, bunch.target
    x = images.reshape(-1, 1, 8, 8) / 16.0  # (N, 64) -> (N, 1, 8, 8), pixels in [0, 1]
    return _plain(x, labels, "classification")


def _table(name: str, task: Task) -> tuple[ArraySplit, Standardisation]:
    """A scikit-learn table: features standardised with the training part's statistics."""
    bunch = _scikit_learn(name)
    x, y = bunch.data, bunch.target
    if task == "regression":
        y = y.reshape(-1, 1).astype(np.float32)  # (N,) -> (N, 1): one output to predict
    split = split_arrays(x, y, task)
    features = [str(f) for f in bunch.feature_names]
    return standardise(split, features, scale_target=task == "regression")


def _plane_default(name: str) -> tuple[ArraySplit, None]:
    return _plane_arrays(name, PLANE_SETS[name].noise, TRAIN_SHARE), None


@lru_cache(maxsize=32)  # a few sets and options at once; any noise is a new entry
def _plane_arrays(name: str, noise: float, train_share: int) -> ArraySplit:
    """A 2-D set's points (N, 2), split with `train_share` per cent for training."""
    x, y = PLANE_SETS[name].make(noise)
    return split_arrays(x, y, "classification", (100 - train_share) / 100)


def default_plane(name: str) -> PlaneOptions:
    """The options a 2-D set is made with unless a run chooses others."""
    return PlaneOptions(
        noise=PLANE_SETS[name].noise, train_share=TRAIN_SHARE, features=list(PLAIN_FEATURES)
    )


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
        lambda: _plane_default("spiral"),
        suggested=_PLANE_HARD,
    ),
    "moons": Builtin(
        "Two moons",
        "600 noisy points in 2-D on two half circles.",
        "classification",
        _AB,
        lambda: _plane_default("moons"),
        suggested=_PLANE_HARD,
    ),
    "circles": Builtin(
        "Circle in a ring",
        "600 points in 2-D: a disc of one class inside a ring of the other (TensorFlow Playground).",
        "classification",
        _AB,
        lambda: _plane_default("circles"),
        suggested=_PLANE_EASY,
    ),
    "xor": Builtin(
        "Exclusive or",
        "600 points in 2-D whose class is whether both coordinates have the same sign (TensorFlow Playground).",
        "classification",
        _AB,
        lambda: _plane_default("xor"),
        suggested=_PLANE_EASY,
    ),
    "gaussian": Builtin(
        "Two Gaussians",
        "600 points in 2-D from two overlapping Gaussian clouds (TensorFlow Playground).",
        "classification",
        _AB,
        lambda: _plane_default("gaussian"),
        suggested=_PLANE_EASY,
    ),
    "sine": Builtin(
        "Noisy sine",
        "600 values of sin(x) with noise, for x in [-π, π]: a 1-D regression.",
        "regression",
        None,
        _sine,
        suggested=Suggested(epochs=30, batch_size=32),  # validation MSE 0.01 (the noise), not 0.04
    ),
    "waveforms": Builtin(
        "Waveforms (sine, square, sawtooth)",
        f"{WAVES} noisy waves of {STEPS} steps, (1, {STEPS}): is each a sine, a square or a "
        "sawtooth? Their pitch, phase and height vary. A sequence set for LSTM, GRU and Conv1d.",
        "classification",
        SHAPES,
        lambda: _plain(*make_waves(), "classification"),
        # The LSTM template (hidden_size 32, Adam at 1e-3) reaches 0.95 in 1,500 steps; the
        # editor's 10 epochs of 64 (80 steps) leave it near chance.
        suggested=Suggested(epochs=50, batch_size=16),
    ),
    "wine": Builtin(
        "Wines",
        "178 wines, 13 chemical measurements each (standardised), from 3 cultivars; from scikit-learn.",
        "classification",
        ["class_0", "class_1", "class_2"],
        lambda: _table("wine", "classification"),
        suggested=Suggested(epochs=30, batch_size=32),  # 142 samples: 150 steps, 1.0 not 0.97
    ),
    "breast_cancer": Builtin(
        "Breast cancer",
        "569 tumours, 30 measurements each (standardised), malignant or benign; from scikit-learn.",
        "classification",
        ["malignant", "benign"],
        lambda: _table("breast_cancer", "classification"),
        suggested=Suggested(epochs=20, batch_size=32),
    ),
    "diabetes": Builtin(
        "Diabetes progression",
        "442 patients, 10 measurements each; predict disease progression a year later "
        "(features and target standardised); from scikit-learn.",
        "regression",
        None,
        lambda: _table("diabetes", "regression"),
        suggested=Suggested(epochs=15, batch_size=32),
    ),
}


def builtin_split(
    name: str, options: DatasetOptions | None = None
) -> tuple[ArraySplit, DatasetInfo]:
    """The split of a built-in dataset, and its catalogue entry; a 2-D set's is made with
    `options` (its points stay (N, 2): its entry's sample_shape counts the features)."""
    if name not in PLANE_SETS:
        return _fixed_split(name)
    plane = default_plane(name).with_options(options)
    split = _plane_arrays(name, plane.noise, plane.train_share)
    info = _describe(name, split, None)
    info.sample_shape, info.plane = [len(plane.features)], plane
    return split, info


@cache
def _fixed_split(name: str) -> tuple[ArraySplit, DatasetInfo]:
    split, stats = BUILTINS[name].make()
    return split, _describe(name, split, stats)


def _describe(name: str, split: ArraySplit, stats: Standardisation | None) -> DatasetInfo:
    entry = BUILTINS[name]
    return describe(
        name,
        entry.title,
        entry.help,
        entry.task,
        entry.classes,
        split,
        "builtin",
        stats,
        pictures=entry.pictures,
        suggested=entry.suggested,
    )


def forget_builtin_splits() -> None:
    """Drops the splits kept in memory: the next load makes them anew (the same, tests check)."""
    _fixed_split.cache_clear()
    _plane_arrays.cache_clear()
