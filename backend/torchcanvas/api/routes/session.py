"""Logging in, where a deployment sets TORCHCANVAS_TOKEN."""

import hmac

from fastapi import APIRouter, HTTPException, Request, Response
from pydantic import BaseModel, Field

from torchcanvas.api.access import LOGIN_COOKIE, cookie_header
from torchcanvas.api.bodies import REQUEST
from torchcanvas.api.deps import OwnerDep, ServicesDep, client_address, has_logged_in
from torchcanvas.api.replies import error_replies
from torchcanvas.store.owners import login_proof

router = APIRouter(tags=["session"])


class LoginRequest(BaseModel):
    model_config = REQUEST

    token: str


class Session(BaseModel):
    login_required: bool
    logged_in: bool
    keep_idle_days: float | None = Field(
        default=None,
        description="Days this server keeps a browser's runs and uploads after its last visit "
        "(TORCHCANVAS_KEEP_IDLE_DAYS); null: kept for good.",
    )


# 429: a bearer token it is sent is a guess at the login token, throttled as one (deps.py).
@router.get("/api/session", responses=error_replies(429))
def get_session(request: Request, services: ServicesDep, owner: OwnerDep) -> Session:
    """Whether this server needs a login token, and whether this client has given it."""
    required = services.settings.login_token is not None
    return Session(
        login_required=required,
        logged_in=has_logged_in(request, services, owner),
        keep_idle_days=services.settings.keep_idle_days,
    )


@router.post("/api/login", status_code=204, responses=error_replies(401))
def login(body: LoginRequest, request: Request, services: ServicesDep, owner: OwnerDep) -> Response:
    """Checks the deployment's token and remembers it for this browser in an HttpOnly cookie."""
    token = services.settings.login_token
    if token is None:
        return Response(status_code=204)
    address = client_address(request)
    services.login_throttle.attempt(owner, address)  # counted before the look: parallel tries too
    typed = body.token.strip()  # pasted with a space or a line end after it (and the setting)
    if not hmac.compare_digest(typed.encode(), token.strip().encode()):
        raise HTTPException(
            401,
            detail="That login token is wrong: check it for typos, or ask whoever runs this "
            "TorchCanvas for its token (the server's TORCHCANVAS_TOKEN).",
        )
    services.login_throttle.forgive(owner, address)
    response = Response(status_code=204)
    secure = request.url.scheme == "https"
    response.headers.append(
        "set-cookie", cookie_header(LOGIN_COOKIE, login_proof(token, owner), secure)
    )
    return response


@router.post("/api/logout", status_code=204)
def logout(request: Request) -> Response:
    """Forgets this browser's login (a shared or lab machine's next user must log in again); its
    runs stay its own. 204 also where it had not logged in."""
    response = Response(status_code=204)
    secure = request.url.scheme == "https"
    response.headers.append("set-cookie", cookie_header(LOGIN_COOKIE, "", secure, max_age=0))
    return response
