"""A trained run as a model: its page's data, its files in every format, predictions, deletion."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Response
from fastapi.responses import FileResponse

from torchcanvas.api.access import ReadableRun, ServicesDep, require_owner
from torchcanvas.api.backpressure import CpuSlot
from torchcanvas.api.model_views import FileName, ModelView, model_file, model_view
from torchcanvas.api.models import ErrorResponse
from torchcanvas.export.predict import BadInput, Prediction, PredictRequest, predict
from torchcanvas.export.trained import NoWeights
from torchcanvas.store.removal import delete_run
from torchcanvas.store.runs import ENDED, Run

router = APIRouter(prefix="/api", tags=["models"])
_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse} for code in (403, 404, 409, 422)
}


@router.get("/models/{run_id}", responses=_ERRORS)
def get_model(run: ReadableRun, services: ServicesDep) -> ModelView:
    """The model page's data: design, shapes, settings, metrics and where its files are."""
    return model_view(services, run, f"/api/runs/{run.id}", owned=True, shared=False)


@router.get(
    "/runs/{run_id}/files/{name}",
    response_class=FileResponse,
    responses=_ERRORS,
    dependencies=[CpuSlot],  # a first download exports the model
)
def download_file(run: ReadableRun, name: FileName, services: ServicesDep) -> FileResponse:
    """The bundle, the weights, the design, or the model as TorchScript, torch.export or ONNX."""
    path, filename, media = model_file(services, run, name)
    return FileResponse(path, media_type=media, filename=filename)


def run_prediction(services: ServicesDep, run: Run, request: PredictRequest) -> Prediction:
    try:
        folder = services.run_service.folder(run.id).path
        return predict(folder, run.design, run.training, request.input, services.settings.data_dir)
    except BadInput as exc:
        raise HTTPException(422, detail=str(exc)) from exc
    except NoWeights as exc:
        raise HTTPException(404, detail="This model has no trained weights yet.") from exc


@router.post("/runs/{run_id}/predict", responses=_ERRORS, dependencies=[CpuSlot])
def predict_run(run: ReadableRun, request: PredictRequest, services: ServicesDep) -> Prediction:
    """Class probabilities, or the output values, of the trained model for one sample."""
    return run_prediction(services, run, request)


@router.delete("/runs/{run_id}", status_code=204, responses=_ERRORS)
def delete(
    run: Annotated[Run, Depends(require_owner("delete"))], services: ServicesDep
) -> Response:
    """Deletes an ended run with its files, events and share links (owner only)."""
    if run.status not in ENDED:
        raise HTTPException(
            409, detail=f"Run {run.id} is still {run.status}: stop it first, then delete it."
        )
    delete_run(services.db, run.id, services.run_service.folder(run.id).path)
    return Response(status_code=204)
