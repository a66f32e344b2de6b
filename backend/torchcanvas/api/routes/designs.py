"""Designs: their shapes and counts (validate), and their code."""

from fastapi import APIRouter
from fastapi.responses import PlainTextResponse, Response

from torchcanvas.api.backpressure import CpuSlot
from torchcanvas.api.bodies import DesignRequest, ScriptRequest, ValidateRequest
from torchcanvas.api.deps import OwnerDep, ServicesDep
from torchcanvas.api.replies import PYTHON, PYTHON_FILE, error_replies
from torchcanvas.config import training_threads
from torchcanvas.design.codegen import design_code, file_stem
from torchcanvas.design.estimate import with_frozen
from torchcanvas.design.hints import design_hints
from torchcanvas.design.schema import Design, DesignIssue, ValidationResult
from torchcanvas.design.validate import validate_design
from torchcanvas.runs.errors import RunRejected
from torchcanvas.training.catalog import optimizer_states
from torchcanvas.training.data import find_dataset
from torchcanvas.training.output_hints import with_output_fit
from torchcanvas.training.schedule_fit import schedule_warnings
from torchcanvas.training.script import training_script

router = APIRouter(prefix="/api/designs", tags=["designs"])


@router.post(
    "/validate",
    response_model=ValidationResult,
    responses=error_replies(422),
    dependencies=[CpuSlot],
)
def validate(request: ValidateRequest, services: ServicesDep) -> Response:
    """Shapes, parameter counts and a size estimate, or the errors that stop the design working."""
    states = optimizer_states(request.optimizer)
    result = validate_design(
        request.design,
        request.batch_size,
        states,
        services.settings.design_limits(),
    )
    if request.frozen and result.estimate is not None:
        estimate = with_frozen(result.estimate, result.parameters, request.frozen, states)
        result = result.model_copy(update={"estimate": estimate})
    if request.target is not None:
        result = with_output_fit(result, request.design, request.target)
    if result.valid:
        result = result.model_copy(
            update={"warnings": result.warnings + design_hints(request.design, result.nodes)}
        )
    if request.schedule is not None:
        hints = schedule_warnings(request.optimizer, request.schedule)
        result = result.model_copy(update={"warnings": result.warnings + hints})
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
    return PlainTextResponse(code, media_type=PYTHON, headers=_named(request.design))


@router.post(
    "/script",
    response_class=PlainTextResponse,
    responses={**PYTHON_FILE, **error_replies(404, 422)},
    dependencies=[CpuSlot],
)
def script(request: ScriptRequest, services: ServicesDep, owner: OwnerDep) -> Response:
    """The training script a run of this design and these settings would give, before any run:
    Net, the data, the loss and the loop, in plain PyTorch. 422 with what would stop the run."""
    design, training = request.design, request.training
    if training.init_from is not None:
        raise RunRejected(
            [
                DesignIssue(
                    field="training.init_from",
                    message="A script that starts from a run's weights comes with its own run: "
                    "train it, then download the code from the run's page.",
                )
            ]
        )
    services.run_service.check(design, training, owner)  # the issues a run would be refused with
    info = find_dataset(
        training.dataset, services.settings.data_dir, options=training.dataset_options
    )
    threads = training_threads(services.settings)  # as many as a run of it would train with
    script = training_script(design, training, info, None, threads=threads)
    return PlainTextResponse(script, media_type=PYTHON, headers=_named(design))


def _named(design: Design) -> dict[str, str]:
    """The file's name as its own lines say to run it (`python network-1.py`): the editor saved
    "network 1.py", and the command it printed did not run."""
    return {"Content-Disposition": f'attachment; filename="{file_stem(design, None)}.py"'}
