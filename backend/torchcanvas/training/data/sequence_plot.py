"""A sequence sample (C, L) made small enough to draw as a line plot and send as JSON."""

import itertools

import numpy as np
from pydantic import BaseModel, Field

MAX_CHANNELS = 4  # more lines than this on a thumbnail is a tangle
MAX_POINTS = 256  # per channel; a longer sequence keeps each bucket's lowest and highest value
DIGITS = 4  # significant digits kept of each value


class SequencePlot(BaseModel):
    """A sequence sample's values for a small line plot, bounded however long it is."""

    steps: int = Field(description="L, the sample's length as the dataset has it.")
    channels: list[list[float]] = Field(
        description=f"The first {MAX_CHANNELS} channels' values to {DIGITS} significant digits, "
        f"spread evenly over the steps: all L of them when L <= {MAX_POINTS}, else the lowest and "
        f"the highest of each of {MAX_POINTS // 2} equal buckets, in the order they come, so a "
        "spike survives."
    )


def is_sequence(sample_shape: list[int]) -> bool:
    """Whether samples of this shape are sequences, (C, L), rather than pictures or rows."""
    return len(sample_shape) == 2


def plot_sequence(sample: np.ndarray) -> SequencePlot:
    """(C, L) -> at most (MAX_CHANNELS, MAX_POINTS) rounded values."""
    values = np.asarray(sample, dtype=np.float64)[:MAX_CHANNELS]
    steps = values.shape[1]
    if steps > MAX_POINTS:
        values = _lowest_and_highest(values, MAX_POINTS // 2)
    return SequencePlot(
        steps=steps, channels=[[float(f"{v:.{DIGITS}g}") for v in row] for row in values.tolist()]
    )


def _lowest_and_highest(values: np.ndarray, buckets: int) -> np.ndarray:
    """(C, L) -> (C, 2 * buckets): each bucket's lowest and highest value, the earlier first."""
    channels, steps = values.shape
    edges = np.linspace(0, steps, buckets + 1).astype(int)  # steps > buckets: none is empty
    rows = np.arange(channels)
    out = np.empty((channels, 2 * buckets))
    for b, (start, end) in enumerate(itertools.pairwise(edges)):
        part = values[:, start:end]  # (C, width)
        low, high = part.argmin(axis=1), part.argmax(axis=1)  # (C,)
        out[:, 2 * b] = part[rows, np.minimum(low, high)]
        out[:, 2 * b + 1] = part[rows, np.maximum(low, high)]
    return out
