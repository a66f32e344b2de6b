"""A run's test set is held out of its training part without a second copy of it: a part the
split owns (pictures' bytes made float32) has its rows reordered in place, and the training and
test parts are views of it. x[train_rows] beside the whole part was twice its memory for a moment."""

import os
import subprocess
import sys

import numpy as np
import pytest
import torch

from torchcanvas.training.data.info import ArraySplit
from torchcanvas.training.data.split import split_indices
from torchcanvas.training.held_out import hold_out


def _pictures(n: int, side: int, seed: int = 0) -> ArraySplit:
    """n grey pictures (n, 1, side, side) of bytes in 4 classes, and a small validation part."""
    rng = np.random.default_rng(seed)
    x = rng.integers(0, 256, (n, 1, side, side), dtype=np.uint8)
    y = rng.integers(0, 4, n).astype(np.int64)
    return ArraySplit(x, y, x[:8].copy(), y[:8].copy())


@pytest.mark.parametrize("kind", ["owned", "stored float32"])
@pytest.mark.parametrize("task", ["classification", "regression"])
def test_the_held_out_rows_are_the_ones_indexing_takes(kind: str, task: str) -> None:
    """The same rows, in the same order, as x[train_rows] and x[test_rows] (the rule before)."""
    arrays = _pictures(500, 6)
    if kind == "stored float32":
        arrays.x_train = arrays.x_train.astype(np.float32)  # shared by as_tensor, not owned
    if task == "regression":
        arrays.y_train = arrays.y_train.astype(np.float32).reshape(-1, 1)
        arrays.y_val = arrays.y_val.astype(np.float32).reshape(-1, 1)
    split = arrays.tensors(task)
    assert split.own_x_train == (kind == "owned")
    x, y = split.x_train.clone(), split.y_train.clone()
    train, test = (torch.from_numpy(rows) for rows in split_indices(y.numpy(), task, 0.2))
    held = hold_out(split, task, 0.2)  # type: ignore[arg-type]
    assert held is not None
    assert torch.equal(split.x_train, x[train]) and torch.equal(split.y_train, y[train])
    assert torch.equal(held.x, x[test]) and torch.equal(held.y, y[test])
    assert split.x_train.is_contiguous() and held.x.is_contiguous()
    if kind == "stored float32":  # the cached stored array is left as it was
        np.testing.assert_array_equal(arrays.x_train, x.numpy())


def test_an_owned_training_part_is_held_out_in_its_own_memory() -> None:
    """Measured by the tensors' storage: both parts lie in the memory the split already had."""
    split = _pictures(2000, 16).tensors("classification")
    storage = split.x_train.untyped_storage()
    whole = storage.nbytes()
    held = hold_out(split, "classification", 0.25)
    assert held is not None
    for part in (split.x_train, held.x):
        assert part.untyped_storage().data_ptr() == storage.data_ptr()
        assert part.untyped_storage().nbytes() == whole
    assert len(split.x_train) + len(held.x) == 2000


# In a fresh process, whose peak resident memory (VmHWM) is started again from its current
# memory just before the call: how far holding out the test set raises it past loading the
# split (64 MiB of float32 pictures, made from 16 MiB of bytes). ru_maxrss could not be started
# again, and a peak of the imports above the split's hid the call's. scikit-learn, which the split
# imports when first called, is imported before, as a worker has it from its fork server.
PEAK_GROWTH = """
from pathlib import Path
import numpy as np
import sklearn.utils.extmath
from torchcanvas.training.data.info import ArraySplit
from torchcanvas.training.held_out import hold_out
def kib(field):
    lines = Path("/proc/self/status").read_text().splitlines()
    return next(int(line.split()[1]) for line in lines if line.startswith(field + ":"))
rng = np.random.default_rng(0)
x = rng.integers(0, 256, (16384, 1, 32, 32), dtype=np.uint8)
y = rng.integers(0, 10, 16384).astype(np.int64)
split = ArraySplit(x, y, x[:8].copy(), y[:8].copy()).tensors("classification")
Path("/proc/self/clear_refs").write_text("5")  # VmHWM := VmRSS
before = kib("VmRSS")
held = hold_out(split, "classification", 0.2)
print((kib("VmHWM") - before) / 1024)
"""


def test_holding_out_a_test_set_does_not_double_the_peak() -> None:
    growth = float(
        subprocess.run(
            [sys.executable, "-c", PEAK_GROWTH],
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
            timeout=120,
        ).stdout
    )
    # The column blocks of the reorder (8 MiB) and the labels; x[train_rows] and x[test_rows]
    # beside the whole part took 64 MiB more.
    assert growth < 20, f"{growth:.0f} MiB more for 64 MiB of float32"
