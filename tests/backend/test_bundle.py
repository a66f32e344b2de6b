"""Bundles made at once: each is built once, and the server keeps nothing of a build once made."""

import threading
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.backend.test_exports import LIMITS, MLP, saved_run
from torchcanvas.export import bundle
from torchcanvas.export.bundle import bundle_file
from torchcanvas.training.settings import TrainingSettings

TRAINING = TrainingSettings(
    dataset="moons", loss="CrossEntropyLoss", optimizer="Adam", lr=0.01, epochs=1, batch_size=8
)


def test_first_downloads_at_once_build_each_bundle_once_and_leave_no_lock_behind(
    tmp_path: Path,
) -> None:
    folders = [tmp_path / f"run{index}" for index in range(3)]
    designs = [saved_run(folder, MLP)[0] for folder in folders]
    scripts: list[str] = []  # a bundle asks for its script once, as it is built
    asked = threading.Lock()
    arrived = threading.Barrier(12)

    def script_of(folder: Path) -> str:
        with asked:
            scripts.append(folder.name)
        return "print('train')\n"

    def download(index: int) -> Path:
        folder, design = folders[index % 3], designs[index % 3]
        arrived.wait()
        return bundle_file(folder, design, TRAINING, LIMITS, script=lambda: script_of(folder))

    with ThreadPoolExecutor(12) as pool:
        paths = list(pool.map(download, range(12)))
    assert sorted(scripts) == ["run0", "run1", "run2"]
    for path in paths:
        with zipfile.ZipFile(path) as archive:
            assert archive.read("train.py") == b"print('train')\n"
    # One lock a bundle ever built, kept for good, deleted runs' too: a week's server grew by one
    # each run whose bundle was downloaded.
    assert bundle._locks == {}
