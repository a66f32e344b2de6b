"""What the model page shows of a run, for its owner or through a share link."""

from functools import partial
from pathlib import Path
from typing import Annotated, Literal

from fastapi import Query
from pydantic import BaseModel, Field

from torchcanvas.api.run_script import bundle_script
from torchcanvas.api.services import Services
from torchcanvas.design.codegen import file_stem
from torchcanvas.design.schema import Design, ValidationResult
from torchcanvas.design.validate import validate_design
from torchcanvas.export.bundle import BUNDLE, bundle_file, preprocessing
from torchcanvas.export.bundle_readme import Stopped
from torchcanvas.export.design_file import design_file
from torchcanvas.export.formats import export_file, onnx_export, onnx_warmth
from torchcanvas.export.many_limits import MANY_LIMITS, ManyCapacity, many_capacity
from torchcanvas.export.model_limits import model_limits_overrun
from torchcanvas.export.onnx_file import (
    NoSuchOpset,
    check_opset,
    kept_name,
    onnx_metadata,
)
from torchcanvas.export.opsets import DEFAULT_OPSET, OPSETS
from torchcanvas.export.starting_weights import (
    STARTING_WEIGHTS,
    has_starting_weights,
    starting_weights,
)
from torchcanvas.export.trained import NoWeights, weights_path
from torchcanvas.problems import NotFound
from torchcanvas.runs.errors import RunNotFound
from torchcanvas.store.runs import Run, RunStatus, why_missing
from torchcanvas.training.data import DatasetInfo
from torchcanvas.training.events import Metrics
from torchcanvas.training.lr_change import LrChange
from torchcanvas.training.run_dataset import run_dataset
from torchcanvas.training.run_folder import DESIGN, INIT_SUFFIX, INIT_WEIGHTS, WEIGHTS, RunFolder
from torchcanvas.training.settings import TrainingSettings
from torchcanvas.training.weights import DamagedWeights, check_readable

FileName = Literal[
    "bundle.zip",
    "weights.safetensors",
    "design.json",
    "model.pt",
    "model.pt2",
    "model.onnx",
    "init.safetensors",
]
# Each file: its title, the suffix of the name it downloads as, and its media type.
FILES: dict[str, tuple[str, str, str]] = {
    "bundle.zip": ("Bundle (weights, TorchScript, script, README)", ".zip", "application/zip"),
    "weights.safetensors": ("Weights (safetensors)", ".safetensors", "application/octet-stream"),
    # A fine-tuned run's only: the weights it started from, which its script loads.
    INIT_WEIGHTS: ("Starting weights (safetensors)", INIT_SUFFIX, "application/octet-stream"),
    "design.json": ("Design (JSON)", ".json", "application/json"),
    "model.pt": ("TorchScript (.pt)", ".pt", "application/octet-stream"),
    "model.pt2": ("torch.export (.pt2)", ".pt2", "application/octet-stream"),
    "model.onnx": ("ONNX (.onnx)", ".onnx", "application/octet-stream"),
}
ONNX = "model.onnx"
OnnxOpset = Annotated[
    int | None,
    Query(
        description="The ONNX file's opset, 13 to 20 (`onnx_opsets`; TensorRT and OpenCV builds "
        "often read only 13 to 17); without it, 20. Only for model.onnx.",
        examples=[17],
    ),
]
# The files made by running the model (a trace): refused, as a prediction is, over the limits.
MADE_BY_RUNNING = {"bundle.zip", "model.pt", "model.pt2", "model.onnx"}


class ModelFile(BaseModel):
    name: str
    title: str
    url: str
    size: int | None = Field(
        default=None,
        description="Bytes, once the file exists; exports and the bundle are made on first download.",
    )
    unavailable: str | None = Field(
        default=None,
        description="Why this server will not make the file (the model is over its limits); "
        "null when it downloads.",
    )


class ModelView(BaseModel):
    """A trained run as its model page shows it."""

    run_id: str | None = Field(
        description="Null through a share link, which never reveals it but to the run's owner."
    )
    owned: bool = Field(description="Whether the caller owns the run: may share, revoke, delete.")
    name: str = Field(
        description="The run's name, as the runs page and the run's page show it: the one its "
        "owner gave it (or `<parent> (fine-tuned)`), else its design's name."
    )
    note: str | None = Field(
        default=None,
        description="Its owner's note on it; only the owner is shown it, on their own page.",
    )
    status: RunStatus
    queue_position: int | None = Field(
        default=None,
        description="Its place in the training queue while it waits, from 1; null otherwise.",
    )
    queue_wait_seconds: float | None = Field(
        default=None,
        description="While it waits: about how many seconds until a worker takes it (as the "
        "run's own `queue_wait_seconds`); null while unknown yet, and otherwise.",
    )
    created_at: float
    finished_at: float | None
    design: Design
    training: TrainingSettings
    lr_changes: list[LrChange] = Field(
        default=[],
        description="Each Continue that set a new learning rate, in order (the run's own).",
    )
    metrics: Metrics
    dataset: DatasetInfo | None
    validation: ValidationResult
    has_weights: bool
    damaged: str | None = Field(
        default=None,
        description="Why the run's weights cannot be read (the file was cut short or overwritten "
        "on the server) and what to do: its downloads, but the design, and Try it refuse; "
        "null when they read.",
    )
    over_limits: str | None = Field(
        description="Why this server will not run the model (predictions, layer outputs, "
        "exports): what is over its limits and the settings that would allow it; null when it runs."
    )
    files: list[ModelFile]
    classify_many: ManyCapacity = Field(
        description="What one set sent to Classify many may hold for this model."
    )
    events_url: str
    predict_url: str
    results_url: str
    script_url: str = Field(description="The run as a plain PyTorch script (code.py).")
    onnx_opsets: list[int] = Field(
        default_factory=lambda: list(OPSETS),
        description="The opsets its ONNX file downloads at (`?opset=N`), oldest first; the last "
        "is the default.",
    )


def model_view(services: Services, run: Run, base: str, *, owned: bool, shared: bool) -> ModelView:
    """The page's data; `base` is the URL prefix its files, events and predictions hang under."""
    folder = services.run_service.folder(run.id)
    dataset = run_dataset(folder, run.training.dataset, services.settings.data_dir)
    has_weights = folder.has_weights()
    damaged = _damage(folder, shared and not owned) if has_weights else None
    over_limits = model_limits_overrun(run.design, services.settings.design_limits())
    files = [_file(folder, name, base, over_limits) for name in _names(folder, run.training)]
    if has_weights and over_limits is None:
        onnx_warmth.start()  # its ONNX download, if asked for, without the exporter's first wait
    queued = services.run_service.with_queue_position(run)
    return ModelView(
        run_id=None if shared and not owned else run.id,
        owned=owned,
        name=run.name or run.design.name,
        note=run.note if owned and not shared else None,  # a share link shows what others see
        status=run.status,
        queue_position=queued.queue_position,
        queue_wait_seconds=queued.queue_wait_seconds,
        created_at=run.created_at,
        finished_at=run.finished_at,
        design=run.design,
        training=run.training,
        lr_changes=run.lr_changes,
        metrics=run.metrics,
        dataset=dataset,
        validation=validate_design(run.design),
        has_weights=has_weights,
        damaged=damaged,
        over_limits=over_limits,
        files=files if has_weights else [],
        classify_many=many_capacity(run.design, MANY_LIMITS),
        events_url=f"{base}/events",
        predict_url=f"{base}/predict",
        results_url=f"{base}/results",
        script_url=f"{base}/code.py",
    )


def _names(folder: RunFolder, training: TrainingSettings) -> list[str]:
    """The run's files: the starting weights only where it started from another run's."""
    started = has_starting_weights(folder, training)
    return [name for name in FILES if name != INIT_WEIGHTS or started]


def _damage(folder: RunFolder, viewer: bool) -> str | None:
    """What the page says of weights that cannot be read (a share link's visitor is told whose
    to mend), from the file's header alone; None when they read."""
    try:
        check_readable(folder.weights)
    except DamagedWeights as damaged:
        return (damaged.for_viewers if viewer else None) or str(damaged)
    except OSError:  # deleted meanwhile: the page says it has none next time
        return None
    return None


def _file(folder: RunFolder, name: str, base: str, over_limits: str | None) -> ModelFile:
    """One download: a file made by running the model is unavailable over the limits, unless it
    was made before they were lowered (it is kept, and downloads as it is)."""
    size = _size(folder, name)
    refused = over_limits if name in MADE_BY_RUNNING and size is None else None
    title = FILES[name][0]
    return ModelFile(
        name=name, title=title, url=f"{base}/files/{name}", size=size, unavailable=refused
    )


def _size(folder: RunFolder, name: str) -> int | None:
    """The file's bytes where the run's folder keeps it (weights and design beside the run,
    exports made on first download under exports/), or None while it has not been made."""
    kept = {
        WEIGHTS: folder.weights,
        DESIGN: folder.design,
        INIT_WEIGHTS: folder.exports / STARTING_WEIGHTS,  # the tensors the run took
        ONNX: folder.exports / kept_name(DEFAULT_OPSET),  # one file per opset: the default's
    }
    path = kept.get(name, folder.exports / name)
    try:
        return path.stat().st_size
    except OSError:
        return None


def model_file(
    services: Services, run: Run, name: str, opset: int | None = None
) -> tuple[str, str, str]:
    """The path, download name and media type of one of the run's files; 404 when it has none.
    `opset`: the ONNX file's opset (422 for another file, or one not offered)."""
    folder = services.run_service.folder(run.id).path
    limits = services.settings.design_limits()  # an export runs the model: as predict, 422 over
    _, suffix, media = FILES[name]
    if opset is not None:
        if name != ONNX:
            raise NoSuchOpset(f"`opset` chooses the ONNX file's opset: {name} has none.")
        check_opset(opset)
        if opset != DEFAULT_OPSET:  # named apart from the default's: `mlp-3fa2c1-opset13.onnx`
            suffix = f"-opset{opset}{suffix}"
    try:
        weights_path(folder)
        if name == BUNDLE:
            stopped = Stopped.of(run.status, run.metrics, run.training.epochs)
            data = services.settings.data_dir
            script = partial(bundle_script, services, run)
            path = bundle_file(folder, run.design, run.training, limits, data, stopped, script)
        elif name == INIT_WEIGHTS:
            path = _starting_weights(services, run)
        elif name == DESIGN:
            path = design_file(services.run_service.folder(run.id), run.design)
        elif name == WEIGHTS:
            path = folder / name
            if not path.is_file():
                raise FileNotFoundError(path)
            check_readable(path)  # a file cut short is refused (409), as its exports are
        elif name == ONNX:
            path = _onnx(services, run, opset or DEFAULT_OPSET)
        else:
            path = export_file(folder, run.design, name, limits)
    except FileNotFoundError as exc:
        if services.run_service.store.get(run.id) is None:  # deleted as the file was made
            raise RunNotFound(run.id) from None
        if not isinstance(exc, NoWeights):
            raise
        why = why_missing(run, "saved any")
        raise NoWeights(f"This model has no trained weights yet: {why}.") from exc
    return str(path), f"{file_stem(run.design, run.id)}{suffix}", media


def _onnx(services: Services, run: Run, opset: int) -> Path:
    """The ONNX file at `opset`, its classes and preprocessing (as the bundle's
    preprocessing.json) in its metadata."""
    folder = services.run_service.folder(run.id)
    data = services.settings.data_dir
    about = preprocessing(folder, run.training, run.design, data)
    limits = services.settings.design_limits()
    return onnx_export(folder.path, run.design, opset, onnx_metadata(about), limits)


def _starting_weights(services: Services, run: Run) -> Path:
    """The weights a fine-tuned run started from; 404 for a run that started fresh."""
    # A kept file cut short is refused (409), as the trained weights are.
    path = starting_weights(services.run_service.folder(run.id), run.design, run.training)
    if path is None:
        raise NotFound(
            "This run started from fresh weights, not from another run's: it has no "
            "starting weights to download (its files list the ones it has)."
        )
    return path
