"""A run's share links, for its owner: create, list, revoke."""

import time
from typing import Annotated

from fastapi import Body, Depends, Request, Response
from pydantic import BaseModel, Field

from torchcanvas.api.bodies import REQUEST
from torchcanvas.api.deps import ReadableRun, ServicesDep, owned_run
from torchcanvas.api.routes.runs.router import ACTION, router
from torchcanvas.runs.errors import RunConflict
from torchcanvas.store.runs import ENDED, Run, why_missing
from torchcanvas.store.shares import Share, ShareStore

SHARES = "/{run_id}/shares"


class ShareRequest(BaseModel):
    model_config = REQUEST  # a "password" it does not take must not make an open link

    expires_in_seconds: int | None = Field(
        default=None,
        strict=True,  # a number, not "10", as every other setting
        ge=1,
        le=10 * 365 * 24 * 3600,
        description="Null: the link never expires.",
    )


class ShareCreated(Share):
    url: str = Field(description="The link to hand over; shown once, never stored or listed.")


@router.post(SHARES, status_code=201, responses=ACTION, tags=["shares"])
def create_share(
    run: Annotated[Run, Depends(owned_run("share"))],
    request: Request,
    services: ServicesDep,
    body: Annotated[ShareRequest | None, Body()] = None,
) -> ShareCreated:
    """A new share link to the run's model page, with an optional expiry (owner only). A run
    still queued or training may be shared: its link's page follows it live, and offers the
    model once the run has saved weights."""
    if run.status in ENDED and not services.run_service.folder(run.id).has_weights():
        raise RunConflict(
            f"Run {run.id} has no trained weights to share: {why_missing(run, 'saved any')}. "
            "Train the design again and share that run."
        )
    lasts = body.expires_in_seconds if body is not None else None  # no body: a link that lasts
    expires = None if lasts is None else time.time() + lasts
    share, token = ShareStore(services.db).create(run.id, expires)
    url = f"{str(request.base_url).rstrip('/')}/s/{token}"
    return ShareCreated(**share.model_dump(), url=url)


@router.get(SHARES, responses=ACTION, tags=["shares"])
def list_shares(run: ReadableRun, services: ServicesDep) -> list[Share]:
    """The run's links, revoked ones too; their tokens are never shown again (a read: 404 to others)."""
    return ShareStore(services.db).list(run.id)


@router.delete(SHARES + "/{share_id}", status_code=204, responses=ACTION, tags=["shares"])
def revoke_share(
    share_id: str,
    run: Annotated[Run, Depends(owned_run("revoke the share links of"))],
    services: ServicesDep,
) -> Response:
    """Revokes a link at once: its page and downloads answer 410 from now on (owner only)."""
    ShareStore(services.db).revoke(run.id, share_id)
    return Response(status_code=204)
