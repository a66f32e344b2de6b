"""Who is asking: the owner cookie every client gets, and the login cookie's name.

The dependencies that use them (the caller, the login check, owner-only runs) are in deps.py.
"""

from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from torchcanvas.api.crosssite import is_https
from torchcanvas.store.owners import is_owner_id, new_owner_id

OWNER_COOKIE = "torchcanvas_owner"
LOGIN_COOKIE = "torchcanvas_login"
_YEAR = 365 * 24 * 3600


def cookie_header(name: str, value: str, secure: bool, max_age: int = _YEAR) -> str:
    """An HttpOnly, SameSite=Lax cookie for the whole site, kept for a year (0: forgotten now)."""
    flags = "; Secure" if secure else ""
    return f"{name}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{flags}"


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
                # A route that set the owner itself (a transfer code, used) is not overruled.
                own = any(c.startswith(f"{OWNER_COOKIE}=") for c in headers.getlist("set-cookie"))
                if fresh is not None and not own:
                    headers.append("set-cookie", cookie_header(OWNER_COOKIE, fresh, secure))
                if shared:
                    headers["referrer-policy"] = "no-referrer"
                    headers["cache-control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)
