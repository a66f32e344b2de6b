"""The built-in sets' load_data() in a run's script: the same arrays and split as TorchCanvas.

Each built-in set is one entry below: the lines that make its x and y. A test runs every entry
and compares the tensors with `load_split`, so an entry that drifts from `data/builtin.py` fails.
"""

from torchcanvas.training.data import DatasetInfo
from torchcanvas.training.data.builtin import default_plane
from torchcanvas.training.data.info import SPLIT_SEED, VAL_FRACTION
from torchcanvas.training.data.plane import FEATURE_LABELS, PLAIN_FEATURES, PlaneOptions
from torchcanvas.training.data.plane_sets import POINTS
from torchcanvas.training.data.waveforms import NOISE, STEPS, WAVES
from torchcanvas.training.script_part import CodePart
from torchcanvas.training.script_split import SPLIT, tensors_code

_SKLEARN = "from sklearn.datasets import "
_HALF = POINTS // 2

# Built-in sets: the lines that make x (N, *sample) and y, and the scikit-learn loader they use.
_BUILTIN_XY: dict[str, tuple[str, str]] = {
    "digits": (
        "load_digits",
        """    bunch = load_digits()
    x = bunch.images.reshape(-1, 1, 8, 8) / 16.0  # (N, 8, 8) -> (N, 1, 8, 8), pixels in [0, 1]
    y = bunch.target""",
    ),
    "sine": (
        "",
        f"""    rng = np.random.default_rng(SPLIT_SEED)
    x = rng.uniform(-np.pi, np.pi, size=({POINTS}, 1))
    y = np.sin(x) + rng.normal(0, 0.1, size=x.shape)""",
    ),
    "waveforms": (
        "",
        f"""    rng = np.random.default_rng(SPLIT_SEED)
    y = np.repeat(np.arange(3), {WAVES // 3})  # sine, square, sawtooth
    periods = rng.uniform(1.5, 2.5, ({WAVES}, 1))  # how many fit in the window
    phase = rng.uniform(0, 1, ({WAVES}, 1))
    height = rng.uniform(0.5, 1.5, ({WAVES}, 1))
    where = (periods * np.arange({STEPS}) / {STEPS} + phase) % 1.0  # (N, L): place in its period
    shapes = np.stack(
        [np.sin(2 * np.pi * where), np.where(where < 0.5, 1.0, -1.0), 2 * where - 1]
    )  # (3, N, L): each wave drawn as each shape
    x = height * shapes[y, np.arange({WAVES})] + rng.normal(0, {NOISE}, ({WAVES}, {STEPS}))
    x = x[:, None, :]  # (N, L) -> (N, 1, L): one channel""",
    ),
    "wine": ("load_wine", "    bunch = load_wine()\n    x, y = bunch.data, bunch.target"),
    "breast_cancer": (
        "load_breast_cancer",
        "    bunch = load_breast_cancer()\n    x, y = bunch.data, bunch.target",
    ),
    "diabetes": (
        "load_diabetes",
        """    bunch = load_diabetes()
    x = bunch.data
    y = bunch.target.reshape(-1, 1).astype(np.float32)  # (N,) -> (N, 1): one output to predict""",
    ),
}
_STANDARDISED = {"wine", "breast_cancer", "diabetes"}

# The 2-D sets: their lines with `noise`, the value their maker computes from the run's noise.
_PLANE_XY: dict[str, tuple[str, str]] = {
    "spiral": (
        "",
        """    rng = np.random.default_rng(SPLIT_SEED)
    radius = np.linspace(0.05, 1.0, {half})
    xs, ys = [], []
    for label in (0, 1):
        angle = radius * 3.5 * np.pi + label * np.pi + rng.normal(0, {noise}, {half})
        xs.append(np.stack([radius * np.sin(angle), radius * np.cos(angle)], axis=1))
        ys.append(np.full({half}, label))
    x, y = np.concatenate(xs) * 3.0, np.concatenate(ys)""",
    ),
    "moons": (
        "make_moons",
        "    x, y = make_moons(n_samples={points}, noise={noise}, random_state=SPLIT_SEED)",
    ),
    "circles": (
        "",
        """    rng = np.random.default_rng(SPLIT_SEED)
    radius = np.concatenate([rng.uniform(0, 1.5, {half}), rng.uniform(2.1, 3.0, {half})])
    angle = rng.uniform(0, 2 * np.pi, {points})
    x = np.stack([radius * np.sin(angle), radius * np.cos(angle)], axis=1)
    x += rng.normal(0, {noise}, x.shape)
    y = np.concatenate([np.zeros({half}, int), np.ones({half}, int)])""",
    ),
    "xor": (
        "",
        """    rng = np.random.default_rng(SPLIT_SEED)
    x = rng.uniform(-3, 3, ({points}, 2))
    x += np.where(x > 0, 0.15, -0.15)  # a small gap around the axes
    moved = x + rng.uniform(-3, 3, x.shape) * {noise}  # the class is read off a moved point
    y = (moved[:, 0] * moved[:, 1] < 0).astype(int)""",
    ),
    "gaussian": (
        "",
        """    rng = np.random.default_rng(SPLIT_SEED)
    x = np.concatenate([rng.normal(1.5, {noise}, ({half}, 2)), rng.normal(-1.5, {noise}, ({half}, 2))])
    y = np.concatenate([np.zeros({half}, int), np.ones({half}, int)])""",
    ),
}
# What each 2-D set's lines take as `noise`, from the run's noise in per cent (plane_sets.py).
_NOISE_SCALE = {"spiral": 100, "moons": 100, "circles": 100, "xor": 100, "gaussian": 25}
_XOR_PLAIN = """    rng = np.random.default_rng(SPLIT_SEED)
    x = rng.uniform(-3, 3, ({points}, 2))
    x += np.where(x > 0, 0.15, -0.15)  # a small gap around the axes
    y = (x[:, 0] * x[:, 1] < 0).astype(int)"""

_FEATURES = '''

def features(points):
    """(N, 2) points (x1, x2) -> (N, {count}) the network's inputs: {labels}."""
    x1, x2 = points[:, 0], points[:, 1]
    columns = {{
        "x1": lambda: x1,
        "x2": lambda: x2,
        "x1_squared": lambda: x1 * x1,
        "x2_squared": lambda: x2 * x2,
        "x1_x2": lambda: x1 * x2,
        "sin_x1": lambda: torch.sin(x1),
        "sin_x2": lambda: torch.sin(x2),
    }}
    return torch.stack([columns[name]() for name in {names!r}], dim=1)
'''

_STANDARDISE = '''

def standardise(x_train, y_train, x_val, y_val, scale_target):
    """Scales the features (and a regression target) by the training part's mean and std."""
    mean, std = x_train.mean(axis=0), x_train.std(axis=0)
    std[std == 0] = 1.0  # a constant column stays constant
    x_train = ((x_train - mean) / std).astype(np.float32)
    x_val = ((x_val - mean) / std).astype(np.float32)
    if scale_target:  # in float64: float32 sums and squares of large targets overflow
        t_mean = float(y_train.mean(dtype=np.float64))
        t_std = float(y_train.std(dtype=np.float64)) or 1.0
        y_train = (np.subtract(y_train, t_mean, dtype=np.float64) / t_std).astype(np.float32)
        y_val = (np.subtract(y_val, t_mean, dtype=np.float64) / t_std).astype(np.float32)
    return x_train, y_train, x_val, y_val
'''


def _plane_lines(info: DatasetInfo, plane: PlaneOptions) -> tuple[str, str]:
    """A 2-D set's loader and lines, with the noise its run was made with."""
    loader, lines = _PLANE_XY[info.name]
    if info.name == "xor" and not plane.noise:
        lines = _XOR_PLAIN  # no moved points: their draw is skipped, as in plane_sets.py
    noise = plane.noise / _NOISE_SCALE[info.name]
    return loader, lines.format(half=POINTS // 2, points=POINTS, noise=repr(noise))


def builtin_data(info: DatasetInfo) -> CodePart:
    """load_data() of a built-in set, with the noise, share and features its run chose."""
    plane = info.plane
    if info.name in _PLANE_XY:
        plane = plane or default_plane(info.name)  # kept before runs chose their options
        loader, lines = _plane_lines(info, plane)
    else:
        loader, lines = _BUILTIN_XY[info.name]
    classify = info.task == "classification"
    imports = {"import math", "import numpy as np", "import torch"}
    imports.add("from sklearn.model_selection import train_test_split")
    if loader:
        imports.add(_SKLEARN + loader)
    tail = ["    x_train, y_train, x_val, y_val = split(x, y, classify=" + str(classify) + ")"]
    if info.name in _STANDARDISED:
        tail.append(
            "    x_train, y_train, x_val, y_val = standardise(x_train, y_train, x_val, y_val, "
            f"scale_target={not classify})"
        )
    tail.append("    return as_tensors(x_train, y_train, x_val, y_val)")
    val_fraction = (100 - plane.train_share) / 100 if plane else VAL_FRACTION
    helpers = SPLIT.format(seed=SPLIT_SEED, val_fraction=val_fraction)
    helpers += (_STANDARDISE if info.name in _STANDARDISED else "") + tensors_code(info)
    if plane is not None and plane.features != PLAIN_FEATURES:
        labels = ", ".join(FEATURE_LABELS[f] for f in plane.features)
        helpers += _FEATURES.format(count=len(plane.features), labels=labels, names=plane.features)
        tail[-1:] = [
            "    x_train, y_train, x_val, y_val = as_tensors(x_train, y_train, x_val, y_val)",
            "    return features(x_train), y_train, features(x_val), y_val  # (N, 2) -> (N, "
            f"{len(plane.features)})",
        ]
    body = "\n".join(
        [
            "",
            "",
            "def load_data():",
            f'    """{info.name}: {info.title}, split as TorchCanvas splits it."""',
            lines,
            *tail,
        ]
    )
    return CodePart(helpers + body + "\n", imports)


def is_builtin(name: str) -> bool:
    """Whether the script makes the set itself (a built-in or 2-D set), not reads its files."""
    return name in _BUILTIN_XY or name in _PLANE_XY
