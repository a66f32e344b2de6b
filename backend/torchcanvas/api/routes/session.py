"""Logging in, where a deployment sets TORCHCANVAS_TOKEN, and the browser's pages."""

import hmac
from html import escape

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import FileResponse, HTMLResponse
from pydantic import BaseModel

from torchcanvas.api.access import (
    LOGIN_COOKIE,
    OwnerDep,
    ServicesDep,
    cookie_header,
    login_hint,
    require_login,
)
from torchcanvas.api.models import ErrorResponse
from torchcanvas.store.owners import login_proof
from torchcanvas.store.shares import ShareGone, ShareStore

router = APIRouter(tags=["session"])


class LoginRequest(BaseModel):
    token: str


class Session(BaseModel):
    login_required: bool
    logged_in: bool


@router.get("/api/session")
def get_session(request: Request, services: ServicesDep, owner: OwnerDep) -> Session:
    """Whether this server needs a login token, and whether this client has given it."""
    required = services.settings.login_token is not None
    try:
        require_login(request, services, owner)
    except HTTPException:
        return Session(login_required=required, logged_in=False)
    return Session(login_required=required, logged_in=True)


@router.post("/api/login", status_code=204, responses={401: {"model": ErrorResponse}})
def login(body: LoginRequest, request: Request, services: ServicesDep, owner: OwnerDep) -> Response:
    """Checks the deployment's token and remembers it for this browser in an HttpOnly cookie."""
    token = services.settings.login_token
    if token is None:
        return Response(status_code=204)
    address = request.client.host if request.client else "unknown"
    services.login_throttle.check(address)
    if not hmac.compare_digest(body.token.encode(), token.encode()):
        services.login_throttle.wrong(address)
        raise HTTPException(401, detail="That login token is wrong. " + login_hint(services))
    response = Response(status_code=204)
    secure = request.url.scheme == "https"
    response.headers.append(
        "set-cookie", cookie_header(LOGIN_COOKIE, login_proof(token, owner), secure)
    )
    return response


def _index(services: ServicesDep, status: int = 200) -> Response:
    index = services.settings.frontend_dist / "index.html"
    if not index.is_file():
        return HTMLResponse("<h1>The TorchCanvas frontend is not built</h1>", status_code=503)
    return FileResponse(index, status_code=status, media_type="text/html")


@router.get("/models/{run_id}", include_in_schema=False)
def model_page(run_id: str, services: ServicesDep) -> Response:
    return _index(services)


@router.get("/runs", include_in_schema=False)
def runs_page(services: ServicesDep) -> Response:
    return _index(services)


@router.get("/runs/{run_id}", include_in_schema=False)
def run_page(run_id: str, services: ServicesDep) -> Response:
    """A run's own page: the app reads the id from the path and asks the API for the run."""
    return _index(services)


_GONE = """<!doctype html><html lang="en"><meta charset="utf-8">
<meta name="referrer" content="no-referrer"><meta name="viewport" content="width=device-width">
<link rel="icon" type="image/svg+xml" href="/favicon.svg"><title>TorchCanvas: link not available</title>
<body style="font-family: system-ui, sans-serif; margin: 4rem auto; max-width: 36rem; padding: 0 1rem;
color: #1f2937; line-height: 1.5"><main><p style="font-weight: 700; font-size: 20px">Torch<span
style="color: #c2410c">Canvas</span></p><h1 style="font-size: 24px">This model is not available</h1>
<p data-testid="share-gone">{message}</p><p>Ask whoever shared it for a new link, or
<a href="/" style="color: #1d4ed8" data-testid="share-gone-home">open TorchCanvas</a> to design and
train your own.</p></main></body></html>"""


@router.get("/s/{token}", include_in_schema=False)
def shared_page(token: str, services: ServicesDep) -> Response:
    """The model page of a live link; a revoked or expired one answers 410 at once."""
    try:
        ShareStore(services.db).resolve(token)
    except ShareGone as exc:
        return HTMLResponse(_GONE.format(message=escape(str(exc))), status_code=exc.status)
    return _index(services)
