"""A built-in sequence set: noisy waves, each a sine, a square or a sawtooth, to classify by shape.

Each wave has its own number of periods, phase and height, so no single step or its mean tells
the shape; an LSTM, a GRU or a Conv1d learns it in seconds on a CPU. Seeded: the same waves each
time, bit for bit, as the training script's copy of these lines makes them (script_builtin.py).
"""

import numpy as np

from torchcanvas.training.data.info import SPLIT_SEED

WAVES = 600  # 200 of each shape
STEPS = 32  # a wave's length: samples are (1, STEPS), one channel
NOISE = 0.15
SHAPES = ["sine", "square", "sawtooth"]


def make_waves() -> tuple[np.ndarray, np.ndarray]:
    """(WAVES, 1, STEPS) waves and (WAVES,) their shapes, as indices into SHAPES."""
    rng = np.random.default_rng(SPLIT_SEED)
    y = np.repeat(np.arange(len(SHAPES)), WAVES // len(SHAPES))
    periods = rng.uniform(1.5, 2.5, (WAVES, 1))  # how many fit in the window
    phase = rng.uniform(0, 1, (WAVES, 1))
    height = rng.uniform(0.5, 1.5, (WAVES, 1))
    where = (periods * np.arange(STEPS) / STEPS + phase) % 1.0  # (N, L): place in its period
    shapes = np.stack(
        [np.sin(2 * np.pi * where), np.where(where < 0.5, 1.0, -1.0), 2 * where - 1]
    )  # (3, N, L): each wave drawn as each shape
    x = height * shapes[y, np.arange(WAVES)] + rng.normal(0, NOISE, (WAVES, STEPS))
    return x[:, None, :], y  # (N, L) -> (N, 1, L)
