"""A trained run as a model: the data its page shows (its files, predictions and deletion are
the run's, under /api/runs)."""

from fastapi import APIRouter

from torchcanvas.api.deps import ReadableRun, ServicesDep
from torchcanvas.api.model_views import ModelView, model_view
from torchcanvas.api.replies import error_replies

router = APIRouter(prefix="/api/models", tags=["models"], responses=error_replies(410))  # deleted


@router.get("/{run_id}", responses=error_replies(404))
def get_model(run: ReadableRun, services: ServicesDep) -> ModelView:
    """The model page's data: design, shapes, settings, metrics and where its files are."""
    return model_view(services, run, f"/api/runs/{run.id}", owned=True, shared=False)
