"""The server's start imports what it serves with, not what only a run or an export needs:
scikit-learn (0.7 s of CPU) and onnx (0.5 s) are imported where they are used, and the fork
server imports scikit-learn for the workers (every server start, and each test's, pays less)."""

import subprocess
import sys

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


def test_the_fork_server_imports_scikit_learn_for_the_workers() -> None:
    preload = (
        "from torchcanvas.runs.fork_server import PRELOAD\nfor name in PRELOAD: __import__(name)"
    )
    assert "sklearn" in _imported_after(preload)
