"""A run's share links, for its owner: create, list, revoke."""

import time
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from pydantic import BaseModel, Field

from torchcanvas.api.access import ReadableRun, ServicesDep, require_owner
from torchcanvas.api.models import ErrorResponse
from torchcanvas.store.runs import Run
from torchcanvas.store.shares import Share, ShareStore

router = APIRouter(prefix="/api/runs/{run_id}/shares", tags=["shares"])
_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse} for code in (403, 404, 409)
}


class ShareRequest(BaseModel):
    expires_in_seconds: int | None = Field(
        default=None, ge=1, le=10 * 365 * 24 * 3600, description="Null: the link never expires."
    )


class ShareCreated(Share):
    url: str = Field(description="The link to hand over; shown once, never stored or listed.")


@router.post("", status_code=201, responses=_ERRORS)
def create_share(
    run: Annotated[Run, Depends(require_owner("share"))],
    body: ShareRequest,
    request: Request,
    services: ServicesDep,
) -> ShareCreated:
    """A new share link to the run's model page, with an optional expiry (owner only)."""
    if not services.run_service.folder(run.id).has_weights():
        raise HTTPException(
            409, detail=f"Run {run.id} has no trained weights to share yet: wait until it ends."
        )
    expires = None if body.expires_in_seconds is None else time.time() + body.expires_in_seconds
    share, token = ShareStore(services.db).create(run.id, expires)
    url = f"{str(request.base_url).rstrip('/')}/s/{token}"
    return ShareCreated(**share.model_dump(), url=url)


@router.get("", responses=_ERRORS)
def list_shares(run: ReadableRun, services: ServicesDep) -> list[Share]:
    """The run's links, revoked ones too; their tokens are never shown again (a read: 404 to others)."""
    return ShareStore(services.db).list(run.id)


@router.delete("/{share_id}", status_code=204, responses=_ERRORS)
def revoke_share(
    share_id: str,
    run: Annotated[Run, Depends(require_owner("revoke the share links of"))],
    services: ServicesDep,
) -> Response:
    """Revokes a link at once: its page and downloads answer 410 from now on (owner only)."""
    try:
        ShareStore(services.db).revoke(run.id, share_id)
    except KeyError as exc:
        raise HTTPException(
            404, detail=f"Run {run.id} has no share link {share_id}: list them to see their ids."
        ) from exc
    return Response(status_code=204)
