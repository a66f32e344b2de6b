"""Designs: their shapes and counts (validate), and their code."""

from fastapi import APIRouter
from fastapi.responses import PlainTextResponse, Response

from torchcanvas.api.backpressure import CpuSlot
from torchcanvas.api.bodies import DesignRequest, ValidateRequest
from torchcanvas.api.deps import ServicesDep
from torchcanvas.api.replies import PYTHON, PYTHON_FILE, error_replies
from torchcanvas.design.codegen import design_code
from torchcanvas.design.schema import Design, ValidationResult
from torchcanvas.design.validate import validate_design
from torchcanvas.training.catalog import LOSSES_BY_NAME, optimizer_states
from torchcanvas.training.loss_fit import OutputTarget, output_form_warnings, output_issues

router = APIRouter(prefix="/api/designs", tags=["designs"])


@router.post(
    "/validate",
    response_model=ValidationResult,
    responses=error_replies(422),
    dependencies=[CpuSlot],
)
def validate(request: ValidateRequest, services: ServicesDep) -> Response:
    """Shapes, parameter counts and a size estimate, or the errors that stop the design working."""
    result = validate_design(
        request.design,
        request.batch_size,
        optimizer_states(request.optimizer),
        services.settings.design_limits(),
    )
    if request.target is not None:
        result = fit_target(result, request.design, request.target)
    # Written once as it is: FastAPI would validate the 200-layer result again before sending it.
    return Response(result.model_dump_json(), media_type="application/json")


@router.post(
    "/code",
    response_class=PlainTextResponse,
    responses={**PYTHON_FILE, **error_replies(422)},
    dependencies=[CpuSlot],
)
def code(request: DesignRequest, services: ServicesDep) -> Response:
    """The design as a standalone PyTorch file: `class Net(nn.Module)` with shape comments."""
    code = design_code(request.design, services.settings.design_limits())
    return PlainTextResponse(code, media_type=PYTHON)


def fit_target(result: ValidationResult, design: Design, target: OutputTarget) -> ValidationResult:
    """The result, with what stops the output fitting the loss and targets as errors, and hints."""
    loss = LOSSES_BY_NAME.get(target.loss)
    if loss is None or not result.valid or result.output_shape is None:
        return result  # an unknown loss is the run's check to name
    errors = output_issues(loss, target, result.output_shape, design)
    warnings = output_form_warnings(loss, design) if design.layers else []
    return result.model_copy(update={"valid": not errors, "errors": errors, "warnings": warnings})
