"""A finished run's results on its validation set: confusion matrix, mistakes, predictions."""

from fastapi import APIRouter, HTTPException

from torchcanvas.api.access import ReadableRun, ServicesDep
from torchcanvas.api.routes.runs import NOT_FOUND
from torchcanvas.api.services import Services
from torchcanvas.store.runs import Run, why_missing
from torchcanvas.training.results import RunResults, read_results

router = APIRouter(prefix="/api/runs", tags=["runs"])


@router.get("/{run_id}/results", responses=NOT_FOUND)
def get_results(run: ReadableRun, services: ServicesDep) -> RunResults:
    """Made when a run ends (not when it fails): 404 until then."""
    return run_results(services, run)


def run_results(services: Services, run: Run) -> RunResults:
    """The stored results of a run, or 404 saying why it has none."""
    run_id = run.id
    results = read_results(services.run_service.folder(run_id))
    if results is None:
        why = why_missing(run, "made any")
        raise HTTPException(404, detail=f"Run {run_id} has no results yet: {why}.")
    return results
