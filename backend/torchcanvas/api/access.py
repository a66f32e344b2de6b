"""Who is asking: the owner cookie every client gets, and the login cookie's name.

The owner cookie holds the identity and this server's signature of it (`<identity>.<signature>`).
The identity alone says whose runs a request may reach, as before signatures: a browser whose
cookie predates them keeps its runs, and gets the signed form back. The signature says only that
this server issued the identity: the turns and quotas that share the CPU and the workers between
clients (cpu_turns.py, services.py) count a request as its own client only with a signed cookie.
A made-up cookie, one per request, is counted as its address, as a request with none is.

Over https the owner cookie is `__Host-torchcanvas_owner`: Secure, for this host alone (no
Domain), Path=/, so that no page of a sibling subdomain (over http or https) can set it, as it
could set a plain cookie for the parent domain and make a browser someone else's. The plain name
is still read, where the `__Host-` one is missing, so that a browser from before keeps its runs:
for an identity with runs created before this server first gave `__Host-` cookies (any other was
planted on a new browser, which would make it the planter's). It is then given the `__Host-`
cookie, and the plain one is forgotten. Over plain http the cookie
keeps its plain name (a `__Host-` cookie needs https).

The dependencies that use them (the caller, the login check, owner-only runs) are in deps.py.
"""

import base64
import hashlib
import hmac
import time

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from torchcanvas.api.crosssite import is_https
from torchcanvas.store.owners import had_runs_before, is_owner_id, new_owner_id

OWNER_COOKIE = "torchcanvas_owner"
HOST_OWNER_COOKIE = f"__Host-{OWNER_COOKIE}"  # its name over https
LOGIN_COOKIE = "torchcanvas_login"
_YEAR = 365 * 24 * 3600


class Owner(str):
    """The caller's owner identity, and whether it came in a cookie this server signed (`issued`):
    only then is it a client of its own for turns and quotas; else the caller is its address."""

    issued: bool

    def __new__(cls, identity: str, issued: bool) -> "Owner":
        owner = super().__new__(cls, identity)
        owner.issued = issued
        return owner


def _signature(key: bytes, identity: str) -> str:
    mac = hmac.new(key, f"owner {identity}".encode(), hashlib.sha256).digest()[:16]
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")  # 128 bits, 22 characters


def owner_cookie_value(key: bytes, identity: str) -> str:
    """What the owner cookie holds: the identity, signed by this server."""
    return f"{identity}.{_signature(key, identity)}"


def owner_identity(cookie: str) -> str:
    """The identity an owner cookie holds, without its signature."""
    return cookie.partition(".")[0]


def address_hash(key: bytes, address: str) -> str:
    """What is kept of the address of a client that sent no owner cookie this server issued, for
    the quotas of what outlasts its request (its uploads' and its runs' bytes on disk, counted
    together as that client's): a keyed hash, not the address."""
    return hmac.new(key, f"address {address}".encode(), hashlib.sha256).hexdigest()


def read_owner_cookie(value: str | None, key: bytes) -> Owner | None:
    """The identity a cookie holds, issued when its signature is this server's; None when it
    holds none. An identity without a signature, or with a wrong one, is still the caller's (its
    runs stay reachable) but not issued: the cookie of a browser from before signatures, or a
    made-up one."""
    identity, _, signature = (value or "").partition(".")  # owner_identity, and the rest
    if not is_owner_id(identity):
        return None
    expected = _signature(key, identity).encode()
    # As bytes: compare_digest refuses str with non-ASCII characters, which a cookie may hold.
    return Owner(identity, hmac.compare_digest(signature.encode(), expected))


def owner_cookie_name(secure: bool) -> str:
    """The owner cookie's name over https (`secure`), and over plain http."""
    return HOST_OWNER_COOKIE if secure else OWNER_COOKIE


def cookie_header(name: str, value: str, secure: bool, max_age: int = _YEAR) -> str:
    """An HttpOnly, SameSite=Lax cookie for the whole site, kept for a year (0: forgotten now)."""
    flags = "; Secure" if secure else ""
    return f"{name}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{flags}"


def is_shared_path(path: str) -> bool:
    """Pages and API calls reached through a share link, whose token is in the URL."""
    return path.startswith(("/s/", "/api/shared/"))


class AccessMiddleware:
    """Gives each client without one an owner identity (`state.owner` and an HttpOnly cookie,
    signed; an unsigned one's identity comes back signed), and keeps share-link URLs out of
    Referer headers and caches."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        services = scope["app"].state.services
        key: bytes = services.owner_key
        secure = is_https(scope)  # CrossSiteMiddleware has applied a trusted proxy's headers
        cookies, name = HTTPConnection(scope).cookies, owner_cookie_name(secure)
        named = read_owner_cookie(cookies.get(name), key)
        # Over https the plain name where the __Host- one is missing: a browser from before,
        # whose identity had runs before the __Host- cookies began; any other was planted.
        before = read_owner_cookie(cookies.get(OWNER_COOKIE), key) if secure else None
        if before is not None and (
            named or not had_runs_before(services.db, before, services.host_cookie_since)
        ):
            before = None
        # A fresh identity is not issued yet: a request without a cookie is its address's.
        owner = named or before or Owner(new_owner_id(), issued=False)
        scope.setdefault("state", {})["owner"] = owner
        # A browser back, by the cookie it was given (TORCHCANVAS_KEEP_IDLE_DAYS): written at
        # most hourly, in a thread (the write may wait on the database), on an HTTP request (a
        # websocket's answer takes no cookie, below; a page's load and its polls come often).
        now, http = time.time(), scope["type"] == "http"
        due = http and owner.issued and services.visits.due(owner, now)
        if due:
            await run_in_threadpool(services.visits.seen, owner, now)
        # Given (again) in a signed cookie of this scheme's name: a fresh identity, one whose
        # cookie is not signed, one that came under the plain name over https, or one whose
        # visit was written (at most hourly): its year starts again, so that a browser in use
        # never loses its runs to its cookie's end, a year after it was first given.
        given = None if named and named.issued and not due else owner_cookie_value(key, owner)
        if given is not None and http:  # not given again on its next request
            services.visits.noted(owner, now)
        shared = is_shared_path(scope["path"])
        if scope["type"] != "http" or (given is None and not shared):
            await self.app(scope, receive, send)
            return
        plain = secure and OWNER_COOKIE in cookies  # forgotten once the __Host- one is given
        # The login (TORCHCANVAS_TOKEN) is the browser's for a year from its last visit too.
        login = cookies.get(LOGIN_COOKIE) if due else None

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                # A route that set the owner itself (a transfer code, used) is not overruled.
                own = any(c.startswith(f"{name}=") for c in headers.getlist("set-cookie"))
                if given is not None and not own:
                    headers.append("set-cookie", cookie_header(name, given, secure))
                    _kept_private(headers)
                # Not where the route set it itself (a login, a logout).
                said = any(c.startswith(f"{LOGIN_COOKIE}=") for c in headers.getlist("set-cookie"))
                if login and not said:
                    headers.append("set-cookie", cookie_header(LOGIN_COOKIE, login, secure))
                    _kept_private(headers)
                if given is not None and plain:
                    headers.append("set-cookie", cookie_header(OWNER_COOKIE, "", True, 0))
                if shared:
                    headers["referrer-policy"] = "no-referrer"
                    headers["cache-control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _kept_private(headers: MutableHeaders) -> None:
    """An answer that gives an owner cookie is for that browser alone: a shared cache must not
    keep it (a page's index.html or an asset says nothing of caches, or says `public`), or it
    would give the cookie, and the runs behind it, to others."""
    said = headers.get("cache-control")
    if said is None:
        headers["cache-control"] = "private"
    elif "private" not in said and "no-store" not in said:
        kept = [d.strip() for d in said.split(",") if d.strip() and d.strip() != "public"]
        headers["cache-control"] = ", ".join(["private", *kept])
