"""What a design would take from one of the caller's trained runs, before it is trained."""

from torchcanvas.api.backpressure import CpuSlot
from torchcanvas.api.bodies import DesignRequest
from torchcanvas.api.deps import OwnerDep, ReadableRun, ServicesDep
from torchcanvas.api.replies import error_replies
from torchcanvas.api.routes.runs.router import router
from torchcanvas.design.validate import validate_design
from torchcanvas.runs.errors import RunRejected
from torchcanvas.training.init_weights import InitMatch


@router.post(
    "/{run_id}/start-match", responses=error_replies(404, 409, 422), dependencies=[CpuSlot]
)
def start_match(
    run: ReadableRun, request: DesignRequest, services: ServicesDep, owner: OwnerDep
) -> InitMatch:
    """Which layers of the design would start from this run's trained weights (init_from), and
    which fresh; 409 while it has no weights, 422 for a design that does not work."""
    result = validate_design(request.design, limits=services.settings.design_limits())
    if result.errors:
        raise RunRejected(result.errors)
    return services.run_service.start_match(request.design, run.id, owner)
