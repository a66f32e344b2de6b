"""Who is asking: the owner cookie every client gets, the login token, and owner-only runs.

Only a run's owner reads it: its record, events, files, results, predictions and model page.
Every per-run read depends on `readable_run`, which answers 404 alike for a run that does not
exist and for someone else's, so that run ids cannot be probed through what they let you read.
Actions (cancel, pause, resume, continue, delete, share, revoke) depend on `require_owner`,
which answers 403 with what to do instead, as the sharing issue specifies: a stranger learns
only that the id exists (64 random bits, not guessable) and nothing of the run. Anyone else sees
a model only through a live share link, under /api/shared/<token>/ (routes/shared.py).
"""

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request, WebSocketException
from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from torchcanvas.api.crosssite import is_https
from torchcanvas.api.services import Services, get_services
from torchcanvas.store.owners import NotOwner, OwnerStore, is_owner_id, logged_in, new_owner_id
from torchcanvas.store.runs import Run

OWNER_COOKIE = "torchcanvas_owner"
LOGIN_COOKIE = "torchcanvas_login"
_YEAR = 365 * 24 * 3600


def cookie_header(name: str, value: str, secure: bool) -> str:
    """An HttpOnly, SameSite=Lax cookie for the whole site, kept for a year."""
    flags = "; Secure" if secure else ""
    return f"{name}={value}; Path=/; Max-Age={_YEAR}; HttpOnly; SameSite=Lax{flags}"


def is_shared_path(path: str) -> bool:
    """Pages and API calls reached through a share link, whose token is in the URL."""
    return path.startswith(("/s/", "/api/shared/"))


class AccessMiddleware:
    """Gives each client without one an owner identity (`state.owner` and an HttpOnly cookie),
    and keeps share-link URLs out of Referer headers and caches."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        current = HTTPConnection(scope).cookies.get(OWNER_COOKIE)
        fresh = None if is_owner_id(current) else new_owner_id()
        scope.setdefault("state", {})["owner"] = fresh or current
        shared = is_shared_path(scope["path"])
        if scope["type"] != "http" or (fresh is None and not shared):
            await self.app(scope, receive, send)
            return
        secure = is_https(scope)  # CrossSiteMiddleware has applied a trusted proxy's headers

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if fresh is not None:
                    headers.append("set-cookie", cookie_header(OWNER_COOKIE, fresh, secure))
                if shared:
                    headers["referrer-policy"] = "no-referrer"
                    headers["cache-control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)


def current_owner(connection: HTTPConnection) -> str:
    owner: str = connection.state.owner
    return owner


OwnerDep = Annotated[str, Depends(current_owner)]
ServicesDep = Annotated[Services, Depends(get_services)]


def login_hint(services: Services) -> str:
    return (
        "This TorchCanvas needs a login token before you can train: enter it in the app, or "
        'POST it to /api/login as {"token": "…"} (API clients may send "Authorization: Bearer '
        "<token>\" instead). The token is the server's TORCHCANVAS_TOKEN; ask whoever runs it."
    )


def require_login(request: Request, services: ServicesDep, owner: OwnerDep) -> None:
    """401 unless the deployment needs no token, or the request shows it."""
    token = services.settings.login_token
    if token is None:
        return
    auth = request.headers.get("authorization", "")
    bearer = auth[7:].strip() if auth.lower().startswith("bearer ") else None
    if not logged_in(token, owner, request.cookies.get(LOGIN_COOKIE), bearer):
        raise HTTPException(
            401, detail=login_hint(services), headers={"WWW-Authenticate": "Bearer"}
        )


def not_found(run_id: str) -> str:
    return f"Run {run_id} not found: check the link or the run id."


def find_run(services: Services, run_id: str) -> Run:
    run = services.run_service.store.get(run_id)
    if run is None:
        raise HTTPException(404, detail=not_found(run_id))
    return run


def readable_run(
    run_id: str, connection: HTTPConnection, services: ServicesDep, owner: OwnerDep
) -> Run:
    """A dependency of every per-run read, HTTP or websocket: the caller's own run, else 404.

    Someone else's run answers exactly as a missing one (a websocket closes with 4404 before
    it is accepted), so a stranger cannot tell which run ids exist by reading them.
    """
    run = services.run_service.store.get(run_id)
    if run is None or not OwnerStore(services.db).owns(run_id, owner):
        if connection.scope["type"] == "websocket":
            raise WebSocketException(code=4404, reason=not_found(run_id))
        raise HTTPException(404, detail=not_found(run_id))
    return run


ReadableRun = Annotated[Run, Depends(readable_run)]


def require_owner(action: str) -> Callable[[str, Services, str], Run]:
    """A dependency of actions: the run of the path's run_id, or 404, or 403 unless it is the caller's."""

    def owned_run(run_id: str, services: ServicesDep, owner: OwnerDep) -> Run:
        run = find_run(services, run_id)
        try:
            OwnerStore(services.db).check(run_id, owner, action)
        except NotOwner as exc:
            raise HTTPException(403, detail=str(exc)) from exc
        return run

    return owned_run
