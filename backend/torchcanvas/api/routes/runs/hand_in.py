"""Handing a run in to a class: its owner types the class code and their name (store/classes.py)."""

from typing import Annotated

from fastapi import Depends, Request
from pydantic import BaseModel, Field

from torchcanvas.api.bodies import REQUEST
from torchcanvas.api.deps import OwnerDep, ReadableRun, ServicesDep, client_address, owned_run
from torchcanvas.api.disk import require_disk_space
from torchcanvas.api.replies import error_replies
from torchcanvas.api.routes.classes import StudentName, ended_without_weights, shows_nothing
from torchcanvas.api.routes.runs.router import ACTION, router
from torchcanvas.runs.errors import RunConflict
from torchcanvas.store.class_records import ClassUnknown, HandIn
from torchcanvas.store.classes import ClassStore
from torchcanvas.store.runs import Run, why_missing


class HandInRequest(BaseModel):
    model_config = REQUEST

    code: str = Field(max_length=32, description="The class's code, as its teacher gave it.")
    student_name: StudentName = Field(description="Your name, as your teacher will read it.")


@router.post(
    "/{run_id}/hand-in",
    status_code=201,
    responses={**ACTION, **error_replies(410, 422, 429, 507)},
    tags=["classes"],
    dependencies=[Depends(require_disk_space)],
)
def hand_in(
    body: HandInRequest,
    run: Annotated[Run, Depends(owned_run("hand in"))],
    services: ServicesDep,
    owner: OwnerDep,
    request: Request,
) -> HandIn:
    """Hands the run in to the class of the code (owner only): a share link of the run, which
    the class's teacher opens from their class page. It shows in the run's share links, and
    revoking it takes the run out of the class. Handing it in again replaces the entry. Wrong
    codes are throttled as transfer codes are (429): a code is all a class asks of a student."""
    if run.training.range_test is not None:  # running or ended, it never keeps a model
        raise RunConflict(
            f"Run {run.id} is a learning-rate range test: it keeps no model to hand in. Train a "
            "run at the rate it suggests, and hand in that run."
        )
    if shows_nothing(services, run):
        raise RunConflict(
            f"Run {run.id} has no trained weights to hand in: {why_missing(run, 'saved any')}. "
            "Train the design again and hand in that run."
        )
    address = client_address(request)
    services.class_codes.attempt(owner, address)  # counted before the look: parallel tries too
    try:
        handed = ClassStore(services.db).hand_in(
            body.code,
            run.id,
            body.student_name,
            owner,
            lambda run_id: ended_without_weights(services, run_id),
        )
    except ClassUnknown:
        raise  # a wrong code, counted
    except BaseException:
        services.class_codes.forgive(owner, address)  # the code was right: not a guess
        raise
    services.class_codes.forgive(owner, address)
    return handed


@router.get("/{run_id}/hand-ins", responses=ACTION, tags=["classes"])
def list_hand_ins(run: ReadableRun, services: ServicesDep) -> list[HandIn]:
    """The classes the run is handed in to, by live links (a read: 404 to others)."""
    return ClassStore(services.db).handed_in(run.id)
