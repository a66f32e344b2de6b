"""Control of a run: pause, resume, and continue from its last checkpoint."""

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, HTTPException

from torchcanvas.api.access import ServicesDep, find_run, require_owner
from torchcanvas.api.models import ContinueRequest, ErrorResponse
from torchcanvas.api.routes.runs import NOT_FOUND
from torchcanvas.runs.errors import RunConflict, RunEnded
from torchcanvas.store.runs import Run

router = APIRouter(prefix="/api/runs", tags=["runs"])
CONFLICT: dict[int | str, dict[str, Any]] = {
    **NOT_FOUND,
    403: {"model": ErrorResponse},
    409: {"model": ErrorResponse},
}


@router.post("/{run_id}/pause", responses=CONFLICT, dependencies=[Depends(require_owner("pause"))])
def pause_run(run_id: str, services: ServicesDep) -> Run:
    """Holds a running run before its next step; its status turns `paused` within a step."""
    try:
        services.run_service.pause(run_id)
    except (RunEnded, RunConflict) as exc:
        raise HTTPException(409, detail=str(exc)) from exc
    return find_run(services, run_id)


@router.post(
    "/{run_id}/resume", responses=CONFLICT, dependencies=[Depends(require_owner("resume"))]
)
def resume_run(run_id: str, services: ServicesDep) -> Run:
    """Lets a paused run go on from the step where it waited."""
    try:
        services.run_service.resume(run_id)
    except (RunEnded, RunConflict) as exc:
        raise HTTPException(409, detail=str(exc)) from exc
    return find_run(services, run_id)


@router.post(
    "/{run_id}/continue", responses=CONFLICT, dependencies=[Depends(require_owner("continue"))]
)
def continue_run(
    run_id: str,
    services: ServicesDep,
    request: Annotated[ContinueRequest | None, Body()] = None,
) -> Run:
    """Queues a finished, stopped or failed run again from its last checkpoint.

    Its events go on in the same log, with seq, step and epoch counting on, so its charts
    continue where they were. `epochs`: train that many more than it has completed; without
    it, a stopped or failed run goes on to the epochs it planned.
    """
    try:
        return services.run_service.continue_run(run_id, request.epochs if request else None)
    except RunConflict as exc:
        raise HTTPException(409, detail=str(exc)) from exc
