"""The server's admin (TORCHCANVAS_ADMIN_TOKEN): log in, see every run that is queued, running
or paused, of every owner, and stop any, as its owner's Stop does. A teacher whose class shares
one worker needs this when one student's long run holds it; and to put a queued run first (a demo
while the class's runs fill the queue). Without the setting each route answers 404
(api/admin_access.py)."""

import logging

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from pydantic import BaseModel, Field

from torchcanvas.api.access import cookie_header
from torchcanvas.api.admin_access import (
    ADMIN_COOKIE,
    ADMIN_COOKIE_SECONDS,
    admin_token,
    check_admin_token,
    require_admin,
)
from torchcanvas.api.bodies import REQUEST
from torchcanvas.api.deps import OwnerDep, ServicesDep
from torchcanvas.api.replies import error_replies
from torchcanvas.problems import shown_id
from torchcanvas.store.owners import OwnerStore, login_proof
from torchcanvas.store.runs import Run, RunStatus
from torchcanvas.store.unfinished_runs import unfinished_runs

router = APIRouter(prefix="/api/admin", tags=["admin"])
ADMIN_ONLY = [Depends(require_admin)]
# What the owner of a run the admin stopped reads in its record, after "Stopped at step N."
ADMIN_STOPPED = "The server's admin stopped it."
_REFUSED = error_replies(401, 404, 429)
_log = logging.getLogger("uvicorn.error")  # the server's own log
TAG_LENGTH = 6  # hex characters of the owner's hash: tells browsers apart, names nobody


class AdminLogin(BaseModel):
    model_config = REQUEST

    token: str = Field(description="The server's TORCHCANVAS_ADMIN_TOKEN.")


class AdminRun(BaseModel):
    """A run as the admin sees it: how it stands, and an anonymous tag of whose it is."""

    id: str
    name: str = Field(description="The name its owner gave it, else its design's.")
    status: RunStatus
    dataset: str
    epoch: int = Field(description="The epochs it has trained.")
    epochs: int = Field(description="The epochs it was set to train.")
    created_at: float
    started_at: float | None
    queue_position: int | None = Field(description="While queued: its place in the queue, from 1.")
    owner_tag: str | None = Field(
        description="The first characters of its owner's hashed identity: the same for every run "
        "of one browser, and naming nobody. Null for a run with no owner."
    )


def _admin_run(run: Run, owner_hash: str) -> AdminRun:
    return AdminRun(
        id=run.id,
        name=run.name or run.design.name,
        status=run.status,
        dataset=run.dataset_title or run.training.dataset,
        epoch=run.metrics.epoch,
        epochs=run.training.epochs,
        created_at=run.created_at,
        started_at=run.started_at,
        queue_position=run.queue_position,
        owner_tag=owner_hash[:TAG_LENGTH] or None,
    )


@router.post("/login", status_code=204, responses=_REFUSED)
def admin_login(
    body: AdminLogin, request: Request, services: ServicesDep, owner: OwnerDep
) -> Response:
    """Checks the admin token and remembers it for this browser for 12 hours, in an HttpOnly
    cookie tied to its owner cookie."""
    check_admin_token(body.token, request, services, owner)
    response = Response(status_code=204)
    proof = login_proof(admin_token(services), owner)
    secure = request.url.scheme == "https"
    response.headers.append(
        "set-cookie", cookie_header(ADMIN_COOKIE, proof, secure, ADMIN_COOKIE_SECONDS)
    )
    return response


@router.post("/logout", status_code=204, responses=error_replies(404))
def admin_logout(request: Request, services: ServicesDep) -> Response:
    """Forgets this browser's admin login; 204 also where it had none."""
    admin_token(services)
    response = Response(status_code=204)
    secure = request.url.scheme == "https"
    response.headers.append("set-cookie", cookie_header(ADMIN_COOKIE, "", secure, max_age=0))
    return response


@router.get("/runs", responses=_REFUSED, dependencies=ADMIN_ONLY)
def admin_runs(services: ServicesDep) -> list[AdminRun]:
    """Every owner's queued, running and paused runs: those holding a worker first, then the
    queue in its order."""
    service = services.run_service
    owned = unfinished_runs(services.db)
    runs = service.with_queue_positions(service.as_they_stand([o.run for o in owned]))
    shown = [
        _admin_run(run, o.owner_hash)
        for run, o in zip(runs, owned, strict=True)
        if run.status in ("queued", "running", "paused")  # one that ended as it was read: gone
    ]
    return sorted(shown, key=lambda r: (r.queue_position or 0, r.started_at or r.created_at))


@router.post(
    "/runs/{run_id}/cancel", responses=error_replies(401, 404, 409, 429), dependencies=ADMIN_ONLY
)
def admin_cancel(run_id: str, services: ServicesDep) -> AdminRun:
    """Stops any owner's queued, running or paused run, as its owner's Stop does: it ends as
    `cancelled` within a second, its record saying the admin stopped it. 409 for a run that
    has ended."""
    service = services.run_service
    if service.find(run_id) is None:
        raise HTTPException(
            404, detail=f"There is no run {shown_id(run_id)}: its owner may have deleted it."
        )
    service.cancel_for(run_id, ADMIN_STOPPED)
    _log.info("The admin stopped run %s.", run_id)
    run = service.with_queue_position(service.get(run_id))
    return _admin_run(run, OwnerStore(services.db).owner_hash(run_id))


@router.post(
    "/runs/{run_id}/first", responses=error_replies(401, 404, 409, 429), dependencies=ADMIN_ONLY
)
def admin_put_first(run_id: str, services: ServicesDep) -> AdminRun:
    """Has any owner's queued run start next, before every owner's turn (a teacher's demo while
    the class's runs fill the queue): its place becomes 1, and it counts as its owner's start.
    409 for a run that is not waiting. This server's queue holds it: after a restart the runs
    wait in their owners' turns again."""
    service = services.run_service
    if service.find(run_id) is None:
        raise HTTPException(
            404, detail=f"There is no run {shown_id(run_id)}: its owner may have deleted it."
        )
    service.put_first(run_id)
    _log.info("The admin put run %s first in the queue.", run_id)
    run = service.with_queue_position(service.get(run_id))
    return _admin_run(run, OwnerStore(services.db).owner_hash(run_id))
