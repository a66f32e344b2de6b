"""What a share link opens: the model page's data, its events, files and predictions."""

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import FileResponse, Response

from torchcanvas.api.access import ServicesDep, find_run
from torchcanvas.api.backpressure import CpuSlot
from torchcanvas.api.model_views import FileName, ModelView, model_file, model_view
from torchcanvas.api.models import ErrorResponse, RunEventMessage
from torchcanvas.api.routes.events import After, read_events
from torchcanvas.api.routes.models import run_prediction
from torchcanvas.api.routes.results import run_results
from torchcanvas.api.services import Services
from torchcanvas.export.predict import Prediction, PredictRequest
from torchcanvas.store.runs import Run
from torchcanvas.store.shares import ShareGone, ShareStore
from torchcanvas.training.results import RunResults

router = APIRouter(prefix="/api/shared/{token}", tags=["shared"])
_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse} for code in (404, 410, 422)
}


def shared_run(services: Services, token: str) -> Run:
    """The run a live link opens, or 404 (unknown link) or 410 (revoked or expired) at once."""
    try:
        run_id = ShareStore(services.db).resolve(token)
    except ShareGone as exc:
        raise HTTPException(exc.status, detail=str(exc)) from exc
    return find_run(services, run_id)


@router.get("", responses=_ERRORS)
def get_shared_model(token: str, services: ServicesDep) -> ModelView:
    """The model page's data, without the run's id."""
    run = shared_run(services, token)
    return model_view(services, run, f"/api/shared/{token}", owned=False, shared=True)


@router.get("/events", response_model=list[RunEventMessage], responses=_ERRORS)
def list_shared_events(
    token: str,
    services: ServicesDep,
    after: After = 0,
    limit: Annotated[int, Query(ge=1, le=10000)] = 1000,
) -> Response:
    """The run's stored events, for the page's curves."""
    return read_events(services, shared_run(services, token).id, after, limit)


@router.get("/files/{name}", response_class=FileResponse, responses=_ERRORS, dependencies=[CpuSlot])
def download_shared_file(token: str, name: FileName, services: ServicesDep) -> FileResponse:
    """One of the model's files, as on the owner's page."""
    path, filename, media = model_file(services, shared_run(services, token), name)
    return FileResponse(path, media_type=media, filename=filename)


@router.post("/predict", responses=_ERRORS, dependencies=[CpuSlot])
def predict_shared(token: str, request: PredictRequest, services: ServicesDep) -> Prediction:
    """The model's prediction for one sample."""
    return run_prediction(services, shared_run(services, token), request)


@router.get("/results", responses=_ERRORS)
def shared_results(token: str, services: ServicesDep) -> RunResults:
    """The run's results on its validation set: confusion matrix and the like."""
    return run_results(services, shared_run(services, token))
