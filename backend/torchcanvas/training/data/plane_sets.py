"""TensorFlow Playground's 2-D sets (and scikit-learn's moons), each made with a given noise.

Each maker takes the noise in per cent (DatasetOptions.noise) and gives (POINTS, 2) points and
their classes, seeded, so the same noise makes the same points bit for bit. Each set's default
noise is the one it had before the noise could be chosen, so runs from then make the same data.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from torchcanvas.training.data.info import SPLIT_SEED

POINTS = 600  # samples in each 2-D set
_HALF = POINTS // 2

Points = tuple[np.ndarray, np.ndarray]  # (POINTS, 2) x1, x2; (POINTS,) classes


@dataclass(frozen=True)
class PlaneSet:
    """A 2-D set: its default noise, and how to make its points."""

    noise: float  # per cent, by default
    make: Callable[[float], Points]


def _spiral(noise: float) -> Points:
    rng = np.random.default_rng(SPLIT_SEED)
    radius = np.linspace(0.05, 1.0, _HALF)
    xs, ys = [], []
    for label in (0, 1):
        angle = radius * 3.5 * np.pi + label * np.pi + rng.normal(0, noise / 100, _HALF)
        xs.append(np.stack([radius * np.sin(angle), radius * np.cos(angle)], axis=1))
        ys.append(np.full(_HALF, label))
    return np.concatenate(xs) * 3.0, np.concatenate(ys)


def _moons(noise: float) -> Points:
    from sklearn.datasets import make_moons  # here: see builtin.py's _scikit_learn

    x, y = make_moons(n_samples=POINTS, noise=noise / 100, random_state=SPLIT_SEED)
    return x, y


def _circles(noise: float) -> Points:
    """A disc of one class inside a ring of the other."""
    rng = np.random.default_rng(SPLIT_SEED)
    radius = np.concatenate([rng.uniform(0, 1.5, _HALF), rng.uniform(2.1, 3.0, _HALF)])
    angle = rng.uniform(0, 2 * np.pi, POINTS)
    x = np.stack([radius * np.sin(angle), radius * np.cos(angle)], axis=1)
    x += rng.normal(0, noise / 100, x.shape)
    return x, np.concatenate([np.zeros(_HALF, int), np.ones(_HALF, int)])


def _xor(noise: float) -> Points:
    """The class is whether x1 and x2 have the same sign; with noise, as in Playground, the class
    is that of the point moved at random, so some points near the axes take the other class."""
    rng = np.random.default_rng(SPLIT_SEED)
    x = rng.uniform(-3, 3, (POINTS, 2))
    x += np.where(x > 0, 0.15, -0.15)  # a small gap around the axes, as in Playground
    moved = x + rng.uniform(-3, 3, x.shape) * (noise / 100) if noise else x
    return x, (moved[:, 0] * moved[:, 1] < 0).astype(int)


def _gaussian(noise: float) -> Points:
    """Two clouds whose spread grows with the noise: standard deviation noise / 25."""
    rng = np.random.default_rng(SPLIT_SEED)
    std = noise / 25
    x = np.concatenate([rng.normal(1.5, std, (_HALF, 2)), rng.normal(-1.5, std, (_HALF, 2))])
    return x, np.concatenate([np.zeros(_HALF, int), np.ones(_HALF, int)])


# Each set's default noise, and what its noise means (the README says the same).
PLANE_SETS: dict[str, PlaneSet] = {
    "spiral": PlaneSet(15, _spiral),  # each point's angle spreads noise / 100 radians
    "moons": PlaneSet(20, _moons),  # scikit-learn's make_moons noise, × 100
    "circles": PlaneSet(10, _circles),  # each point spreads noise / 100 (the ring's radius is 3)
    "xor": PlaneSet(0, _xor),  # the class is read off a point moved by up to noise % of 3
    "gaussian": PlaneSet(20, _gaussian),  # each cloud's standard deviation is noise / 25
}
