"""The fixed, seeded split of a dataset into its training and validation parts.

The rows are the ones scikit-learn's train_test_split picks (SPLIT_SEED, stratified by class when
every class has enough samples), so an exported script that calls it gets the same split; they
are computed here with arrays instead of its lists of numbers (80 bytes a row), and an upload's
rows are reordered in place instead of copied.
"""

import math

import numpy as np

from torchcanvas.training.catalog import Task
from torchcanvas.training.data.info import SPLIT_SEED, VAL_FRACTION, ArraySplit

_VALUES_AT_A_TIME = 2**21  # per column block of split_in_place: 8 MB of float32


def _classes(y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row's class index and each class's count, as np.unique(y, return_inverse=True,
    return_counts=True) gives them. An upload's targets are already class indices, every one
    used: they are their own indices then, counted by bincount, where np.unique's sorting held
    four (N,) arrays of 8 bytes (half of a narrow CSV upload's peak)."""
    if y.ndim == 1 and y.dtype.kind in "iu" and len(y) and y.min() >= 0 and y.max() < len(y):
        counts = np.bincount(y)
        if counts.all():
            return y, counts
    _, inverse, counts = np.unique(y, return_inverse=True, return_counts=True)
    return inverse.reshape(-1), counts


def _approximate_mode(
    class_counts: np.ndarray, n_draws: int, rng: np.random.RandomState
) -> np.ndarray:
    """How many of `n_draws` rows each class gets, as StratifiedShuffleSplit counts them (its
    helper is private to scikit-learn, whose import cost the server's start a second of CPU):
    each class its share rounded down, then one more to each class of the largest remainders,
    ties drawn at random from `rng` (the same draws, so the same rows: test_split.py), until
    `n_draws` are given."""
    share = class_counts / class_counts.sum() * n_draws
    given = np.floor(share)
    left = int(n_draws - given.sum())
    remainder = share - given
    for value in np.sort(np.unique(remainder))[::-1]:
        if left <= 0:
            break
        (tied,) = np.nonzero(remainder == value)
        now = min(len(tied), left)
        given[rng.choice(tied, size=now, replace=False)] += 1
        left -= now
    counts: np.ndarray = given.astype(int)
    return counts


def _stratified(y: np.ndarray, n_train: int, n_val: int) -> tuple[np.ndarray, np.ndarray]:
    """StratifiedShuffleSplit's rows, drawn from the same generator in the same order."""
    y_indices, class_counts = _classes(y)
    by_class = np.split(np.argsort(y_indices, kind="stable"), np.cumsum(class_counts)[:-1])
    del y_indices
    rng = np.random.RandomState(SPLIT_SEED)
    n_i = _approximate_mode(class_counts, n_train, rng)
    t_i = _approximate_mode(class_counts - n_i, n_val, rng)
    train, val = [], []
    for i in range(len(by_class)):
        shuffled = by_class[i].take(rng.permutation(class_counts[i]), mode="clip")
        train.append(shuffled[: n_i[i]])
        val.append(shuffled[n_i[i] : n_i[i] + t_i[i]])
    del by_class  # the sorted rows, before the parts are joined
    return rng.permutation(np.concatenate(train)), rng.permutation(np.concatenate(val))


def split_indices(
    y: np.ndarray, task: Task, val_fraction: float = VAL_FRACTION
) -> tuple[np.ndarray, np.ndarray]:
    """The rows of the training part and of the validation part."""
    n = len(y)
    n_val = min(n - 1, max(1, math.ceil(n * val_fraction)))
    if task == "classification":
        counts = _classes(y)[1]
        if counts.min() >= 2 and min(n_val, n - n_val) >= len(counts):
            return _stratified(y, n - n_val, n_val)
    permutation = np.random.RandomState(SPLIT_SEED).permutation(n)  # ShuffleSplit's
    return permutation[n_val:], permutation[:n_val]


def split_arrays(
    x: np.ndarray, y: np.ndarray, task: Task, val_fraction: float = VAL_FRACTION
) -> ArraySplit:
    """A seeded split, stratified by class when every class has enough samples for it."""
    train, val = split_indices(y, task, val_fraction)
    return ArraySplit(x[train], y[train], x[val], y[val])


def split_in_place(
    x: np.ndarray, y: np.ndarray, task: Task, val_fraction: float = VAL_FRACTION
) -> ArraySplit:
    """The split of split_arrays, made by reordering x's rows in place (training rows first), a
    few columns at a time: the parts are views of x, and no second copy of x is ever held."""
    if not x.flags.c_contiguous or not x.flags.writeable:
        return split_arrays(x, y, task, val_fraction)
    train, val = split_indices(y, task, val_fraction)
    order, n_train = np.concatenate([train, val]), len(train)
    del train, val
    reorder_in_place(x, order)
    y = y[order]
    return ArraySplit(x[:n_train], y[:n_train], x[n_train:], y[n_train:])


def reorder_in_place(x: np.ndarray, order: np.ndarray) -> None:
    """x[:] = x[order] for a C-contiguous x, a few columns at a time: a (N, columns) temporary
    of about 8 MB of float32, never a second copy of x."""
    flat = x.reshape(len(x), -1)  # (N, *sample) -> (N, values), a view
    step = max(1, _VALUES_AT_A_TIME // max(len(x), 1))
    for start in range(0, flat.shape[1], step):
        columns = slice(start, start + step)
        flat[:, columns] = flat[order, columns]  # a (N, step) temporary, then back in place
