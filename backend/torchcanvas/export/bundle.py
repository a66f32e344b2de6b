"""The bundle: weights, design, preprocessing, the code, a TorchScript copy and a README, in one zip."""

import json
import os
import shutil
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from torchcanvas.design.codegen import design_code
from torchcanvas.design.limits import DesignLimits
from torchcanvas.design.schema import Design
from torchcanvas.export.bundle_readme import Stopped, readme
from torchcanvas.export.design_file import design_text
from torchcanvas.export.formats import export_file
from torchcanvas.export.starting_weights import starting_weights
from torchcanvas.export.trained import weights_path
from torchcanvas.training.damaged import DamagedRunFile
from torchcanvas.training.data.plane import FEATURE_LABELS, PLAIN_FEATURES
from torchcanvas.training.results import RunResults, read_results
from torchcanvas.training.run_dataset import run_dataset, script_dataset
from torchcanvas.training.run_folder import DESIGN, INIT_WEIGHTS, RESULTS, WEIGHTS, RunFolder
from torchcanvas.training.settings import TrainingSettings

BUNDLE = "bundle.zip"
BUILDS = 3  # builds at most, while the weights change under one (a Continue's end)
TRAIN_SCRIPT = "train.py"


@dataclass
class _Build:
    """The lock of one bundle's build, and how many requests hold it or wait for it."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    waiting: int = 0


_building = threading.Lock()  # guards _locks
# One per bundle asked for now: concurrent first downloads wait for its build. Dropped as the last
# request leaves, as one kept for each bundle ever built, deleted runs' too, grew without end.
_locks: dict[Path, _Build] = {}
# How each built-in dataset scales its raw values before the model sees them.
_SCALING = {"digits": "Pixel values 0–16 divided by 16, so each input lies in [0, 1]."}


def preprocessing(
    folder: RunFolder, training: TrainingSettings, design: Design, data_dir: Path | None = None
) -> dict[str, Any]:
    """What a sample must look like before it goes into the model, from the dataset's info."""
    info: dict[str, Any] = {"dataset": training.dataset, "input_shape": design.input_shape}
    if (dataset := run_dataset(folder, training.dataset, data_dir)) is not None:
        # What a sample is, not what the editor shows of the dataset (its help, whether it is
        # downloaded here, the epochs it suggests).
        info.update(dataset.model_dump(exclude={"help", "available", "suggested"}))
        if dataset.plane is not None and dataset.plane.features != PLAIN_FEATURES:
            labels = ", ".join(FEATURE_LABELS[f] for f in dataset.plane.features)
            info["scaling"] = (
                f"Each input is ({labels}) of a point (x1, x2), in this order: compute them "
                "from the point before the model sees it."
            )
    else:
        info["note"] = "The dataset is no longer on this server; only its name is known."
    if training.dataset in _SCALING:
        info["scaling"] = _SCALING[training.dataset]
    return info


def _results(folder: RunFolder) -> RunResults | None:
    """The run's results, if it has readable ones: damaged, the bundle goes without them."""
    try:
        return read_results(folder)
    except DamagedRunFile:
        return None


@contextmanager
def _built_alone(target: Path) -> Iterator[None]:
    """Holds `target`'s build lock: one build of a bundle at a time, the others waiting."""
    with _building:
        build = _locks.setdefault(target, _Build())
        build.waiting += 1
    try:
        with build.lock:
            yield
    finally:
        with _building:
            build.waiting -= 1
            if not build.waiting:
                del _locks[target]


def bundle_file(
    folder: Path,
    design: Design,
    training: TrainingSettings,
    limits: DesignLimits,
    data_dir: Path | None = None,
    stopped: Stopped | None = None,
    script: Callable[[], str | None] | None = None,
) -> Path:
    """The run's bundle.zip, made once and kept beside its other exports; `script` gives its
    training script (train.py), asked for only when the bundle is made.

    Its TorchScript copy is made as export_file makes it, under `limits`. Concurrent first
    requests wait for the one build; each build writes its own temporary file and renames it
    into place, so a reader never sees half a zip.
    """
    weights = weights_path(folder)
    target = RunFolder(folder).exports / BUNDLE
    with _built_alone(target):
        for _ in range(BUILDS):
            if target.is_file() and target.stat().st_mtime_ns >= weights.stat().st_mtime_ns:
                return target
            made_from = weights.stat().st_mtime_ns
            _build(folder, design, training, limits, data_dir, stopped, script, target)
            if weights.stat().st_mtime_ns == made_from:
                return target
            # Newer weights came as it was built: it may hold a model.pt of the old ones beside
            # the new. Dated as the weights it began from (formats._kept), it is built again.
            os.utime(target, ns=(made_from, made_from))
        return target  # weights that keep changing (a run training on): the latest build


# A regular file, rw-r--r--: writestr gave rw------- and no file type, a file its own mode
# (rw------- for a temporary one), so that only whoever unzipped a bundle could read it.
_READABLE = 0o100644 << 16


def _entry(name: str, like: Path | None = None) -> zipfile.ZipInfo:
    entry = zipfile.ZipInfo.from_file(like, name) if like else zipfile.ZipInfo(name, _now())
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = _READABLE
    return entry


def _now() -> tuple[int, int, int, int, int, int]:
    t = time.localtime()
    return (t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec)


def _put_text(archive: zipfile.ZipFile, name: str, text: str) -> None:
    archive.writestr(_entry(name), text)


def _put_file(archive: zipfile.ZipFile, path: Path, name: str) -> None:
    """The file at `path`, streamed in (weights may be large)."""
    with path.open("rb") as source, archive.open(_entry(name, path), "w") as target:
        shutil.copyfileobj(source, target, 1 << 20)


def _build(
    folder: Path,
    design: Design,
    training: TrainingSettings,
    limits: DesignLimits,
    data_dir: Path | None,
    stopped: Stopped | None,
    script: Callable[[], str | None] | None,
    target: Path,
) -> None:
    """Builds the bundle into `target`, from the weights as they are (see bundle_file)."""
    weights = weights_path(folder)
    torchscript = export_file(folder, design, "model.pt", limits)
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=".bundle-", suffix=".partial")
    partial = Path(name)
    try:
        with (
            os.fdopen(handle, "wb") as raw,
            zipfile.ZipFile(raw, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        ):
            _put_file(archive, weights, WEIGHTS)
            _put_text(archive, DESIGN, design_text(design))
            _put_text(
                archive,
                "preprocessing.json",
                json.dumps(preprocessing(RunFolder(folder), training, design, data_dir), indent=2),
            )
            # The upload's whole record where it was kept: it says whether its images were
            # turned channels first, which the README tells a reader to do too.
            dataset = script_dataset(RunFolder(folder), training.dataset, data_dir)
            text = script() if script is not None else None
            run_folder = RunFolder(folder)
            results = _results(run_folder)
            if results is not None:  # the results tab's numbers, a held-out test's among them
                _put_file(archive, run_folder.results, RESULTS)
            test = results.test if results is not None else None
            # The weights it started from, as the server kept them when it started (the
            # tensors it took): train.py loads them from beside itself (its parent's may have
            # trained more since).
            started = starting_weights(run_folder, design, training)
            if started is not None:
                _put_file(archive, started, INIT_WEIGHTS)
            about = readme(
                design,
                training,
                dataset,
                folder.name,
                stopped,
                text is not None,
                test,
                started_from=training.init_from if started is not None else None,
            )
            _put_text(archive, "README.md", about)
            _put_text(archive, "model.py", design_code(design))
            _put_file(archive, torchscript, "model.pt")
            if text is not None:
                _put_text(archive, TRAIN_SCRIPT, text)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
