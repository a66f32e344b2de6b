"""Runs: create, read, cancel, and download what they made."""

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import FileResponse, PlainTextResponse, Response

from torchcanvas.api.access import (
    OwnerDep,
    ReadableRun,
    ServicesDep,
    find_run,
    require_login,
    require_owner,
)
from torchcanvas.api.backpressure import CpuSlot
from torchcanvas.api.disk import require_disk_space
from torchcanvas.api.models import ErrorResponse, RunCreated, RunRequest
from torchcanvas.api.quotas import check_active_runs
from torchcanvas.api.routes.designs import PYTHON, PYTHON_FILE, design_errors
from torchcanvas.design.build import DesignInvalid
from torchcanvas.runs.errors import RunEnded
from torchcanvas.store.owners import OwnerStore
from torchcanvas.store.runs import Run, why_missing
from torchcanvas.training.check import run_warnings
from torchcanvas.training.data import dataset_info
from torchcanvas.training.script import name_for_file, training_script

router = APIRouter(prefix="/api/runs", tags=["runs"])
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorResponse}}


@router.post(
    "",
    status_code=201,
    responses={401: {"model": ErrorResponse}, 422: {"model": ErrorResponse}},
    dependencies=[Depends(require_login), Depends(require_disk_space)],
)
def create_run(request: RunRequest, services: ServicesDep, owner: OwnerDep) -> RunCreated:
    """Checks the design and settings, then queues the run, owned by the caller's identity."""
    with services.queueing:  # the count and the new run together, so a burst cannot pass it
        check_active_runs(OwnerStore(services.db), owner, services.settings.max_active_runs)
        run = services.run_service.create(request.design, request.training, owner)
    return RunCreated(id=run.id, warnings=run_warnings(request.design, request.training))


@router.get("")
def list_runs(
    services: ServicesDep,
    owner: OwnerDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    offset: Annotated[int, Query(ge=0, le=2**31)] = 0,
) -> list[Run]:
    """The caller's own runs, newest first, `limit` at a time from `offset`."""
    return OwnerStore(services.db).runs_page(owner, limit, offset)


@router.get("/{run_id}", responses=NOT_FOUND)
def get_run(run: ReadableRun, services: ServicesDep) -> Run:
    """One of the caller's runs: status, settings, latest metrics (404 for anyone else's)."""
    return services.run_service.with_queue_position(run)


@router.post(
    "/{run_id}/cancel",
    responses={**NOT_FOUND, 403: {"model": ErrorResponse}, 409: {"model": ErrorResponse}},
    dependencies=[Depends(require_owner("cancel"))],
)
def cancel_run(run_id: str, services: ServicesDep) -> Run:
    """Stops a queued or running run; it ends as `cancelled` within a second."""
    find_run(services, run_id)
    try:
        services.run_service.cancel(run_id)
    except RunEnded as exc:
        raise HTTPException(409, detail=str(exc)) from exc
    return find_run(services, run_id)


def _download(run: Run, path: Path, suffix: str, media: str) -> FileResponse:
    run_id, name = run.id, path.name
    if not path.is_file():
        why = why_missing(run, "saved any")
        raise HTTPException(404, detail=f"Run {run_id} has no {name} yet: {why}.")
    return FileResponse(path, media_type=media, filename=f"{run.design.name}{suffix}")


@router.get("/{run_id}/weights.safetensors", response_class=FileResponse, responses=NOT_FOUND)
def download_weights(run: ReadableRun, services: ServicesDep) -> FileResponse:
    """The trained weights and buffers, named `<layer id>.<tensor>`, as safetensors."""
    return _download(
        run, services.run_service.folder(run.id).weights, ".safetensors", "application/octet-stream"
    )


@router.get("/{run_id}/design.json", response_class=FileResponse, responses=NOT_FOUND)
def download_design(run: ReadableRun, services: ServicesDep) -> FileResponse:
    """The design JSON of the run, which the editor loads back."""
    return _download(run, services.run_service.folder(run.id).design, ".json", "application/json")


@router.get(
    "/{run_id}/code.py",
    response_class=PlainTextResponse,
    responses={**PYTHON_FILE, **NOT_FOUND, 409: {"model": ErrorResponse}},
    dependencies=[CpuSlot],
)
def download_code(run: ReadableRun, services: ServicesDep) -> Response:
    """The run as a plain PyTorch script: its Net, its dataset and its training loop."""
    run_id = run.id
    dataset = run.training.dataset
    try:
        info = dataset_info(dataset, services.settings.data_dir)
    except KeyError:
        raise HTTPException(
            409,
            detail=f"Run {run_id} trained on `{dataset}`, which is no longer on this server: "
            "the script needs its task and classes; upload the dataset again to train on it.",
        ) from None
    try:
        text = training_script(run.design, run.training, info, run_id)
    except DesignInvalid as exc:
        return design_errors(exc)
    attachment = f'attachment; filename="{name_for_file(run.design)}.py"'
    return PlainTextResponse(text, media_type=PYTHON, headers={"Content-Disposition": attachment})
