"""Control of a run: pause, resume, step while paused, a new learning rate as it trains, and
continue from its last checkpoint."""

from typing import Annotated

from fastapi import Body, Depends, Request

from torchcanvas.api.bodies import ContinueRequest, RateRequest
from torchcanvas.api.deps import (
    STARTS_TRAINING,
    OwnerDep,
    ServicesDep,
    ceiling_address,
    client_address,
    owned_run,
    require_login,
)
from torchcanvas.api.disk import require_disk_space
from torchcanvas.api.more_as_new import continue_as_new_run
from torchcanvas.api.replies import error_replies
from torchcanvas.api.routes.runs.router import ACTION, router
from torchcanvas.store.runs import Run


@router.post("/{run_id}/pause", responses=ACTION)
def pause_run(run: Annotated[Run, Depends(owned_run("pause"))], services: ServicesDep) -> Run:
    """Holds a running run before its next step; its status turns `paused` within a step."""
    services.run_service.pause(run.id)
    return services.run_service.get(run.id)


@router.post("/{run_id}/resume", responses={**ACTION, **error_replies(401)})
def resume_run(
    run: Annotated[Run, Depends(owned_run("resume"))],
    services: ServicesDep,
    owner: OwnerDep,
    http: Request,
) -> Run:
    """Lets a paused run go on from the step where it waited. One kept paused across a restart
    (`worker_gone`) is queued again, as Continue queues a run: the same checks and quotas."""
    if not services.run_service.worker_gone(run.id):
        services.run_service.resume(run.id)
        return services.run_service.get(run.id)
    require_login(http, services, owner)
    require_disk_space(http)
    ceiling = ceiling_address(http, services, owner)  # all its owners' ceiling
    with services.run_quota(owner, client_address(http), counted=True, ceiling=ceiling) as queued:
        services.run_service.resume(run.id)
        queued(run.id)
    return services.run_service.get(run.id)


@router.post("/{run_id}/step", responses=ACTION)
def step_run(run: Annotated[Run, Depends(owned_run("step"))], services: ServicesDep) -> Run:
    """Trains one batch (one optimizer step) of a paused run, which then pauses again.

    Its progress frame, with the step's loss and gradient norms, comes at once on the event
    stream, then a `paused` event at the next step. Steps asked while one trains wait their
    turn (at most 10). 409 unless the run is paused: pause it first.
    """
    services.run_service.step(run.id)
    return services.run_service.get(run.id)


@router.post("/{run_id}/rate", responses=ACTION)
def set_run_rate(
    run: Annotated[Run, Depends(owned_run("give a new learning rate to"))],
    services: ServicesDep,
    request: RateRequest,
) -> Run:
    """Trains a running or paused run with a new learning rate from its next step, as
    TensorFlow Playground's rate can be changed as it trains. A `rate` event on the stream
    says the step where it took over, and the run's `lr_changes` keep it (`live`); while
    paused it is set at once, and the next Step trains with it. 409 unless the run is running
    or paused (an ended one: Continue with a new rate); 422 for a rate at or below its
    schedule's floor.
    """
    services.run_service.set_rate(run.id, request.learning_rate)
    return services.run_service.get(run.id)


@router.post(
    "/{run_id}/continue", responses={**ACTION, **error_replies(401)}, dependencies=STARTS_TRAINING
)
def continue_run(
    run: Annotated[Run, Depends(owned_run("continue"))],
    services: ServicesDep,
    owner: OwnerDep,
    http: Request,
    request: Annotated[ContinueRequest | None, Body()] = None,
) -> Run:
    """Queues a finished, stopped or failed run again from its last checkpoint.

    Its events go on in the same log, with seq, step and epoch counting on, so its charts
    continue where they were. `epochs`: train that many more than it has completed; without
    it, a stopped or failed run goes on to the epochs it planned. `learning_rate`: train on with
    this rate (a drop of 10x when the loss has flattened): the optimizer keeps its state
    (momentum, Adam's moments) and only its rate is set; a learning-rate schedule starts over
    from the new rate, as at the run's start, over the epochs this Continue trains. The run's
    `lr_changes` keep each one, and its script repeats it at the same step.

    `as_new_run`: the run keeps its model, and a copy of it (a new run, `based_on` this one,
    named `<name> (more)`, its events and files copied) goes on instead; the reply is the copy.
    """
    epochs, lr = (request.epochs, request.learning_rate) if request else (None, None)
    if request is not None and request.as_new_run:  # the run stays as it is; a copy goes on
        return continue_as_new_run(run, epochs, lr, services, owner, http)
    ceiling = ceiling_address(http, services, owner)  # all its owners' ceiling
    with services.run_quota(owner, client_address(http), ceiling=ceiling) as queued:  # as a new run
        went_on = services.run_service.continue_run(run.id, epochs, lr)
        queued(run.id)
        return went_on
