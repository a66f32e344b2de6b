"""Standardising an upload's features (and a regression target) by its training part's mean and
std: in float64, stored as float32, a block of rows at a time so no full-size float64 copy is made."""

import numpy as np

from torchcanvas.training.data.info import ArraySplit, Standardisation

_ROWS_AT_A_TIME = 65536


def standardise(
    split: ArraySplit, features: list[str], scale_target: bool
) -> tuple[ArraySplit, Standardisation]:
    """Scales (N, F) features, and a regression target if asked, by the training part's statistics,
    in float64 and then stored as float32; a fresh split's parts hold the result in their memory."""
    mean, std = _column_statistics(split.x_train)
    std[std == 0] = 1.0  # a constant column stays constant instead of dividing by zero
    stats = Standardisation(features=features, mean=mean.tolist(), std=std.tolist())
    stats.features_read_as = "float64" if split.x_train.dtype == np.float64 else None
    scaled = ArraySplit(
        _scaled(split.x_train, mean, std),
        split.y_train,
        _scaled(split.x_val, mean, std),
        split.y_val,
    )
    if scale_target:
        # In float64: float32 sums and squares of large targets would overflow to inf.
        t_mean = float(split.y_train.mean(dtype=np.float64))
        t_std = float(split.y_train.std(dtype=np.float64)) or 1.0
        stats.target_mean, stats.target_std = t_mean, t_std
        scaled.y_train = _scaled_target(split.y_train, t_mean, t_std)
        scaled.y_val = _scaled_target(split.y_val, t_mean, t_std)
    return scaled, stats


def _scaled_target(y: np.ndarray, mean: float, std: float) -> np.ndarray:
    scaled: np.ndarray = (np.subtract(y, mean, dtype=np.float64) / std).astype(np.float32)
    return scaled


def _column_statistics(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The mean and (population) std of each column of (N, F) x in float64, summed a block of
    rows at a time: numpy's x.std would make a float64 copy of all of x."""
    n = len(x)
    total = np.zeros(x.shape[1:], dtype=np.float64)
    for start in range(0, n, _ROWS_AT_A_TIME):
        total += x[start : start + _ROWS_AT_A_TIME].sum(axis=0, dtype=np.float64)
    mean = total / n
    squares = np.zeros(x.shape[1:], dtype=np.float64)
    for start in range(0, n, _ROWS_AT_A_TIME):
        deviation = x[start : start + _ROWS_AT_A_TIME] - mean  # (rows, F), float64
        squares += np.square(deviation, out=deviation).sum(axis=0)
    return mean, np.sqrt(squares / n)


def _scaled(x: np.ndarray, mean: np.ndarray, std: np.ndarray) -> np.ndarray:
    """(x - mean) / std as float32, a block of rows at a time, so no full-size float64 temporary
    is made; in place when x is an upload's fresh split (float32, or float64 as a CSV is read)."""
    out = _float32_in_place(x) if _own_rows(x) else np.empty(x.shape, dtype=np.float32)
    for start in range(0, len(x), _ROWS_AT_A_TIME):
        rows = slice(start, start + _ROWS_AT_A_TIME)
        # (rows, F), in float64, then stored as float32. In place, out's rows lie in x's memory
        # at or before x's same rows: the right side is computed before any of them is written.
        out[rows] = (x[rows] - mean) / std
    return out


def _own_rows(x: np.ndarray) -> bool:
    return x.dtype in (np.float32, np.float64) and x.flags.c_contiguous and x.flags.writeable


def _float32_in_place(x: np.ndarray) -> np.ndarray:
    """A float32 array of x's shape in x's own memory: x itself, or the first half of a float64
    x's bytes (row r's float32 values end before its float64 ones begin)."""
    if x.dtype == np.float32:
        return x
    flat = x.reshape(-1).view(np.float32)  # (N*F,) float64 -> (2*N*F,) float32, a view
    return flat[: x.size].reshape(x.shape)
