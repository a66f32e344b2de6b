"""Design validation."""

from fastapi import APIRouter
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from torchcanvas.api.access import ServicesDep
from torchcanvas.api.backpressure import CpuSlot
from torchcanvas.api.models import DesignRequest, ErrorResponse, ValidateRequest
from torchcanvas.design.build import DesignInvalid
from torchcanvas.design.codegen import design_code
from torchcanvas.design.schema import ValidationResult
from torchcanvas.design.validate import validate_design
from torchcanvas.training.catalog import optimizer_states

router = APIRouter(prefix="/api/designs", tags=["designs"])


@router.post("/validate", responses={422: {"model": ErrorResponse}}, dependencies=[CpuSlot])
def validate(request: ValidateRequest, services: ServicesDep) -> ValidationResult:
    """Shapes, parameter counts and a size estimate, or the errors that stop the design working."""
    return validate_design(
        request.design,
        request.batch_size,
        optimizer_states(request.optimizer),
        services.settings.design_limits(),
    )


PYTHON = "text/x-python"
PYTHON_FILE: dict[int | str, dict[str, object]] = {200: {"content": {PYTHON: {}}}}


def design_errors(exc: DesignInvalid) -> JSONResponse:
    """422 with the design's issues, as validation lists them."""
    count = len(exc.issues)
    reply = ErrorResponse(
        detail=f"The design cannot be built: {count} issue{'s' if count != 1 else ''} to fix.",
        errors=exc.issues,
    )
    return JSONResponse(reply.model_dump(), status_code=422)


@router.post(
    "/code",
    response_class=PlainTextResponse,
    responses={**PYTHON_FILE, 422: {"model": ErrorResponse}},
    dependencies=[CpuSlot],
)
def code(request: DesignRequest) -> Response:
    """The design as a standalone PyTorch file: `class Net(nn.Module)` with shape comments."""
    try:
        return PlainTextResponse(design_code(request.design), media_type=PYTHON)
    except DesignInvalid as exc:
        return design_errors(exc)
