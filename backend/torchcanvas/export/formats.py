"""TorchScript, torch.export and ONNX files of a trained run, made once and kept in its folder.

They are made in the export process (export/export_process.py), from the run's weights file: what
torch's exporters keep of each model they trace stays there, not in the API process."""

import contextlib
import io
import logging
import os
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import torch
import torch.nn as nn

from torchcanvas.design.limits import DesignLimits
from torchcanvas.design.schema import Design
from torchcanvas.export.export_process import EXPORTS, ExportJob, ExportStopped
from torchcanvas.export.model_limits import check_model_limits
from torchcanvas.export.onnx_file import batch_dim, kept_name, onnx_model
from torchcanvas.export.opsets import DEFAULT_OPSET
from torchcanvas.export.trained import example_input, weights_path
from torchcanvas.training.run_folder import RunFolder

_log = logging.getLogger(__name__)
OTHER_OPSET_KEPT_SECONDS = 60.0  # a file of an opset not asked for last stays this long
_lock = threading.Lock()  # one export made at a time, by the one export process


def torchscript_bytes(model: nn.Module, design: Design) -> bytes:
    """The model traced with torch.jit.trace: `torch.jit.load` opens it with no TorchCanvas."""
    traced = torch.jit.trace(model, example_input(design))  # type: ignore[no-untyped-call]
    buffer = io.BytesIO()
    torch.jit.save(traced, buffer)
    return buffer.getvalue()


def pt2_bytes(model: nn.Module, design: Design) -> bytes:
    """The model as a torch.export ExportedProgram, any batch size: `torch.export.load` opens it."""
    program = torch.export.export(model, (example_input(design),), dynamic_shapes=(batch_dim(),))
    buffer = io.BytesIO()
    torch.export.save(program, buffer)
    return buffer.getvalue()


def onnx_bytes(model: nn.Module, design: Design) -> bytes:
    """The model as ONNX at the default opset, with input `input` and output `output`, any batch
    size (an export with its metadata and opset of choice: onnx_export)."""
    return onnx_model(model, example_input(design), DEFAULT_OPSET, {})


EXPORTERS: dict[str, Callable[[nn.Module, Design], bytes]] = {
    "model.pt": torchscript_bytes,
    "model.pt2": pt2_bytes,
    "model.onnx": onnx_bytes,
}


def made_from(model: nn.Module, design: Design, job: ExportJob) -> bytes:
    """The export `job` of `model` (run in the export process)."""
    if job.name == "model.onnx":
        return onnx_model(model, example_input(design), job.opset, job.metadata)
    return EXPORTERS[job.name](model, design)


class OnnxWarmth:
    """The ONNX exporter's first use in a process imports and registers about 4 s of code (later
    exports of a small net take 1 s), which the first ONNX download waited for. A model page
    starts the export process warming, in the background, by exporting a one-layer net: the
    person reads the page while it runs, and a download that comes sooner waits for it. Once a
    process: one that replaced it (export_process.py) is warmed by the next model page."""

    def __init__(self) -> None:
        self.started = False
        self.done = threading.Event()
        self.onnx = b""  # the warm-up's ONNX file: it really exported
        self._guard = threading.Lock()

    def start(self) -> None:
        with self._guard:
            if self.started and (not self.done.is_set() or EXPORTS.running()):
                return  # warming, or warm
            self.started = True
            self.done.clear()
        threading.Thread(target=self._run, name="onnx-warm", daemon=True).start()

    def _run(self) -> None:
        try:
            self.onnx = EXPORTS.warm()
        except ExportStopped:  # the server stopped before it was warm: nothing went wrong
            _log.info("the ONNX exporter's warm-up ended with the server")
        except Exception:  # the download will say what fails; the warm-up only saves time
            _log.exception("warming the ONNX exporter failed")
        finally:
            self.done.set()


onnx_warmth = OnnxWarmth()


def export_file(folder: Path, design: Design, name: str, limits: DesignLimits) -> Path:
    """The export `name` of the run in `folder`, made now unless one newer than the weights exists.
    Making one runs the model (tracing it): OverLimits for a model over `limits`, as predict."""
    return _kept(folder, design, name, limits, ExportJob(name))


def onnx_export(
    folder: Path, design: Design, opset: int, metadata: dict[str, str], limits: DesignLimits
) -> Path:
    """The run's ONNX file at `opset` (checked: onnx_file.check_opset), with `metadata` (its
    classes and preprocessing) in its metadata_props; made as export_file makes an export."""
    path = _kept(folder, design, kept_name(opset), limits, ExportJob("model.onnx", opset, metadata))
    exports = RunFolder(folder).exports
    # The one file kept before opsets (no metadata), which nothing serves now: its disk back.
    (exports / "model.onnx").unlink(missing_ok=True)
    if opset != DEFAULT_OPSET:
        _drop_other_opsets(exports, keep={path.name, kept_name(DEFAULT_OPSET)})
    return path


def _drop_other_opsets(exports: Path, keep: set[str]) -> None:
    """A run keeps its default opset's ONNX file and the last other one asked for: each is the
    model's size and counts to its owner's disk quota, and a share link's visitor asking for all
    eight filled it eight times over (a code review). One made in the last minute stays, as a
    download of it may be starting."""
    made_before = time.time() - OTHER_OPSET_KEPT_SECONDS
    for other in exports.glob("model-opset*.onnx"):  # onnx_file.kept_name
        with contextlib.suppress(FileNotFoundError):  # dropped by another download meanwhile
            if other.name not in keep and other.stat().st_mtime < made_before:
                other.unlink()


def _kept(folder: Path, design: Design, kept: str, limits: DesignLimits, job: ExportJob) -> Path:
    """The export `job`, kept as `kept` in the run's exports: made by the export process unless a
    file newer than the weights is there."""
    weights = weights_path(folder)
    target = RunFolder(folder).exports / kept

    def fresh() -> bool:
        return target.is_file() and target.stat().st_mtime_ns >= weights.stat().st_mtime_ns

    if fresh():  # a file made before waits for no export of another run's
        return target
    with _lock:
        if fresh():  # made while this one waited
            return target
        check_model_limits(design, limits)
        made_from = weights.stat().st_mtime_ns  # the weights the export process reads next
        data = EXPORTS.make(folder, design, job)
        target.parent.mkdir(exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{kept}-", suffix=".partial")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            if weights.stat().st_mtime_ns != made_from:
                # Newer weights came as it was made (a Continue's end): dated as the weights it
                # was made from, it is stale, and made again when next asked for (a review saw
                # the old model served on, dated after the new weights).
                os.utime(temp, ns=(made_from, made_from))
            os.replace(temp, target)
        finally:
            Path(temp).unlink(missing_ok=True)
    return target
