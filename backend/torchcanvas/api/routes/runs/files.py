"""What a run made, to download: its weights, design, script, and the model in every format."""

from pathlib import Path

from fastapi.responses import FileResponse, PlainTextResponse, Response

from torchcanvas.api.backpressure import CpuSlot
from torchcanvas.api.deps import OwnerDep, ReadableRun, ServicesDep, missing_run
from torchcanvas.api.download import Download
from torchcanvas.api.file_replies import DESIGN_FILE, JSON, MODEL_FILE, OCTETS, WEIGHTS_FILE
from torchcanvas.api.model_views import FileName, OnnxOpset, model_file
from torchcanvas.api.replies import PYTHON_FILE, error_replies
from torchcanvas.api.routes.runs.router import NOT_FOUND, router
from torchcanvas.api.run_script import script_reply
from torchcanvas.design.codegen import file_stem
from torchcanvas.export.design_file import design_file
from torchcanvas.export.trained import NoWeights
from torchcanvas.store.runs import Run, why_missing
from torchcanvas.training.weights import check_readable


def _download(run: Run, path: Path, suffix: str, media: str) -> FileResponse:
    if not path.is_file():
        why = why_missing(run, "saved any")
        raise NoWeights(f"Run {run.id} has no {path.name} yet: {why}.")
    return Download(path, media_type=media, filename=f"{file_stem(run.design, run.id)}{suffix}")


@router.get(
    "/{run_id}/weights.safetensors",
    response_class=FileResponse,
    responses={**WEIGHTS_FILE, **NOT_FOUND, **error_replies(409)},
)
def download_weights(run: ReadableRun, services: ServicesDep) -> FileResponse:
    """The trained weights and buffers, named `<layer id>.<tensor>`, as safetensors."""
    weights = services.run_service.folder(run.id).weights
    if weights.is_file():
        check_readable(weights)  # a file cut short is refused (409), as its exports are
    return _download(run, weights, ".safetensors", OCTETS)


@router.get(
    "/{run_id}/design.json", response_class=FileResponse, responses={**DESIGN_FILE, **NOT_FOUND}
)
def download_design(run: ReadableRun, services: ServicesDep, owner: OwnerDep) -> FileResponse:
    """The design JSON of the run, which the editor loads back."""
    try:
        path = design_file(services.run_service.folder(run.id), run.design)
    except FileNotFoundError:  # its folder went with a delete as it was asked for: 410
        raise missing_run(services, run.id, owner) from None
    return _download(run, path, ".json", JSON)


@router.get(
    "/{run_id}/code.py",
    response_class=PlainTextResponse,
    responses={**PYTHON_FILE, **error_replies(404, 409, 422)},
    dependencies=[CpuSlot],
)
def download_code(run: ReadableRun, services: ServicesDep) -> Response:
    """The run as a plain PyTorch script: its Net, its dataset and its training loop."""
    return script_reply(services, run, shared=False)


@router.get(
    "/{run_id}/files/{name}",
    response_class=FileResponse,
    responses={**MODEL_FILE, **error_replies(404, 409, 422)},
    dependencies=[CpuSlot],  # a first download exports the model
    tags=["models"],
)
def download_file(
    run: ReadableRun, name: FileName, services: ServicesDep, opset: OnnxOpset = None
) -> FileResponse:
    """The bundle, the weights, the design, or the model as TorchScript, torch.export or ONNX."""
    path, filename, media = model_file(services, run, name, opset)
    return Download(path, media_type=media, filename=filename)
