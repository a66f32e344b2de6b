"""A trained run's results on its validation set, and its predictions for new samples."""

from torchcanvas.api.backpressure import CpuSlot
from torchcanvas.api.deps import ReadableRun, ServicesDep
from torchcanvas.api.replies import error_replies
from torchcanvas.api.routes.runs.router import NOT_FOUND, router
from torchcanvas.api.run_reads import run_prediction, run_results
from torchcanvas.export.predict import Prediction, PredictRequest
from torchcanvas.training.results import RunResults


@router.get("/{run_id}/results", responses=NOT_FOUND)
def get_results(run: ReadableRun, services: ServicesDep) -> RunResults:
    """Confusion matrix, mistakes and the like; made when a run ends (not when it fails): 404
    until then."""
    return run_results(services, run)


@router.post(
    "/{run_id}/predict", responses=error_replies(404, 422), dependencies=[CpuSlot], tags=["models"]
)
def predict_run(run: ReadableRun, request: PredictRequest, services: ServicesDep) -> Prediction:
    """Class probabilities, or the output values, of the trained model for one sample."""
    return run_prediction(services, run, request)
