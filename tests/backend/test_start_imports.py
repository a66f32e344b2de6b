"""The server's start imports what it serves with, not what only a run or an export needs:
scikit-learn (with SciPy, a second of CPU) and onnx (0.5 s) are imported where they are used,
and the fork server imports scikit-learn for the workers (every server start, and each test's,
pays less). The warm-up's check of a digits run reads the digits without it."""

import subprocess
import sys

import numpy as np
import sklearn.datasets

from torchcanvas.training.data.builtin import _digits
from torchcanvas.training.data.split import split_arrays

HEAVY = ("sklearn", "onnx")


def _imported_after(statement: str) -> set[str]:
    """Which of HEAVY a fresh interpreter has imported after `statement`."""
    probe = f"{statement}\nimport sys\nprint(' '.join(n for n in {HEAVY!r} if n in sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    return set(done.stdout.split())


def test_the_server_starts_without_scikit_learn_or_onnx() -> None:
    assert _imported_after("import torchcanvas.api.app") == set()


def test_a_started_server_has_not_imported_scikit_learn() -> None:
    """Its start checks a digits run (training/warm.py): scikit-learn's load_digits, and the
    split's helper from it, were imported by it on every start."""
    start = (
        "import tempfile\n"
        "from pathlib import Path\n"
        "from fastapi.testclient import TestClient\n"
        "from torchcanvas.api.app import create_app\n"
        "from torchcanvas.config import ServerConfig\n"
        "config = ServerConfig(pin_cores=False, data_dir=Path(tempfile.mkdtemp()), workers=1)\n"
        "with TestClient(create_app(config), base_url='http://localhost') as client:\n"
        "    assert client.get('/api/health').status_code == 200"
    )
    assert _imported_after(start) == set()


def test_the_digits_are_scikit_learns_read_from_the_file_it_ships() -> None:
    split, _ = _digits()
    bunch = sklearn.datasets.load_digits()
    want = split_arrays(bunch.images.reshape(-1, 1, 8, 8) / 16.0, bunch.target, "classification")
    for part in ("x_train", "y_train", "x_val", "y_val"):
        got, expected = getattr(split, part), getattr(want, part)
        assert got.dtype == expected.dtype, part
        np.testing.assert_array_equal(got, expected)


def test_the_fork_server_imports_scikit_learn_for_the_workers() -> None:
    preload = (
        "from torchcanvas.runs.fork_server import PRELOAD\nfor name in PRELOAD: __import__(name)"
    )
    assert "sklearn" in _imported_after(preload)
