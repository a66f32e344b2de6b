"""Design validation."""

from fastapi import APIRouter

from torchcanvas.api.models import DesignRequest, ErrorResponse
from torchcanvas.design.schema import ValidationResult
from torchcanvas.design.validate import validate_design

router = APIRouter(prefix="/api/designs", tags=["designs"])


@router.post("/validate", responses={422: {"model": ErrorResponse}})
def validate(request: DesignRequest) -> ValidationResult:
    """Shapes and parameter counts per layer, or the errors that stop the design from working."""
    return validate_design(request.design)
