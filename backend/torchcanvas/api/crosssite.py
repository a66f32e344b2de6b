"""Cross-site protection: foreign origins may not act, and every response carries strict headers.

Cookies are the only credential a browser sends by itself, so a page on another site (or another
port of this host) could otherwise drive a logged-in person's TorchCanvas. Every websocket
handshake and every state-changing request (anything but GET, HEAD and OPTIONS) is checked: an
`Origin` header must be this server's own origin or one of TORCHCANVAS_ALLOWED_ORIGINS (`null`
never is); without `Origin`, a `Sec-Fetch-Site` of `cross-site` or `same-site` is refused too.
Requests with neither (curl, scripts) go through: they carry no browser's ambient cookies. One
with several `Origin` headers, which no browser sends, is refused: only the first was checked.
"""

import base64
import hashlib
import json

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
_DEFAULT_PORTS = {"http": "80", "https": "443"}

# No inline script anywhere; uPlot and @xyflow/react set inline styles, hence 'unsafe-inline' for
# styles only. Images may be data: or blob: URLs (sample images, chart exports).
CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def docs_policy(inline_scripts: list[str]) -> str:
    """The CSP of /docs and /redoc: their CDN files, and only the inline scripts given (by hash)."""
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'"
        for s in inline_scripts
    )
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' https://cdn.jsdelivr.net {hashes}".strip(),
            "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com",
            "font-src https://fonts.gstatic.com",
            "img-src 'self' data: https://fastapi.tiangolo.com https://cdn.jsdelivr.net",
            "worker-src blob:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ]
    )


SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}


def normalise_origin(scheme: str, host: str) -> str:
    """`scheme://host[:port]` in lower case, without the scheme's default port."""
    scheme, host = scheme.lower(), host.strip().lower()
    default = _DEFAULT_PORTS.get(scheme)
    if default and host.endswith(f":{default}"):
        host = host[: -len(default) - 1]
    return f"{scheme}://{host}"


def _http_scheme(scope: Scope) -> str:
    scheme = str(scope.get("scheme", "http"))
    return {"ws": "http", "wss": "https"}.get(scheme, scheme)


def apply_proxy_headers(scope: Scope) -> None:
    """Behind a trusted proxy: the scheme, host and client address it says the request came with."""
    headers = Headers(scope=scope)
    proto = headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    if proto in ("http", "https"):
        websocket = scope["type"] == "websocket"
        scope["scheme"] = {"http": "ws", "https": "wss"}[proto] if websocket else proto
    host = headers.get("x-forwarded-host", "").split(",")[0].strip()
    if host:
        raw = [(k, v) for k, v in scope["headers"] if k != b"host"]
        scope["headers"] = [*raw, (b"host", host.encode("latin-1"))]
    client = headers.get("x-forwarded-for", "").split(",")[-1].strip()
    if client:
        scope["client"] = (client, 0)


def is_https(scope: Scope) -> bool:
    return _http_scheme(scope) == "https"


_FETCH_SITES = ("cross-site", "same-site")  # Sec-Fetch-Site's values for another site's page


def foreign_origin(scope: Scope, allowed: set[str]) -> str | None:
    """The foreign origin a request comes from (or `cross-site` and the like), None when it may act."""
    headers = Headers(scope=scope)
    origin = headers.get("origin")
    if origin is not None:
        origin = origin.strip().rstrip("/").lower()
        own = normalise_origin(_http_scheme(scope), headers.get("host", ""))
        if origin != "null" and "://" in origin:
            scheme, _, host = origin.partition("://")
            origin = normalise_origin(scheme, host)
            if origin == own or origin in allowed:
                return None
        return origin
    site = headers.get("sec-fetch-site", "").strip().lower()
    return site if site in _FETCH_SITES else None


def origin_refusal(scope: Scope, allowed: set[str]) -> str | None:
    """Why a request may not act (a foreign origin, or more than one), None when it may."""
    origins = len(Headers(scope=scope).getlist("origin"))
    if origins > 1:
        return (
            f"Refused a request with {origins} Origin headers: a browser sends one, so the page "
            "it came from cannot be told. Send a single Origin header, or none from a script."
        )
    origin = foreign_origin(scope, allowed)
    return None if origin is None else _refusal(origin)


def _refusal(origin: str) -> str:
    # With no Origin header, the browser's Sec-Fetch-Site said where the request came from.
    source = (
        f"a {origin} page (the browser's Sec-Fetch-Site)"
        if origin in _FETCH_SITES
        else f"the origin `{origin}`"
    )
    return (
        f"Refused a request from {source}: TorchCanvas only takes actions and "
        "websockets from its own pages. To allow another site, add its origin to "
        "TORCHCANVAS_ALLOWED_ORIGINS."
    )


async def refuse(scope: Scope, receive: Receive, send: Send, status: int, detail: str) -> None:
    """Answers an HTTP request or a websocket handshake with `status` and an error body, before
    the app sees it (a server without the websocket denial extension closes with 1008)."""
    body = json.dumps({"detail": detail, "errors": []}, separators=(",", ":")).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        *((k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()),
    ]
    if scope["type"] == "http":
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})
        return
    await receive()  # websocket.connect
    if "websocket.http.response" in scope.get("extensions", {}):
        start = {"type": "websocket.http.response.start", "status": status, "headers": headers}
        await send(start)
        await send({"type": "websocket.http.response.body", "body": body})
    else:  # the server answers 403 without a body
        reason = detail.encode()[:123].decode(errors="ignore")  # all that a close frame holds
        await send({"type": "websocket.close", "code": 1008, "reason": reason})


class CrossSiteMiddleware:
    """Refuses foreign origins with 403, and adds the security headers to every response."""

    def __init__(
        self,
        app: ASGIApp,
        allowed_origins: set[str],
        trust_proxy: bool,
        page_policies: dict[str, str] | None = None,
    ) -> None:
        self.app = app
        self.allowed = allowed_origins
        self.trust_proxy = trust_proxy
        self.page_policies = page_policies or {}  # path -> its own CSP (the API docs pages)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        if self.trust_proxy:
            apply_proxy_headers(scope)
        checked = scope["type"] == "websocket" or scope["method"] not in SAFE_METHODS
        refusal = origin_refusal(scope, self.allowed) if checked else None
        if refusal is not None:
            await refuse(scope, receive, send, 403, refusal)
            return

        policy = self.page_policies.get(scope["path"], CSP)

        async def send_with_headers(message: Message) -> None:
            if message["type"] in ("http.response.start", "websocket.http.response.start"):
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
                headers["content-security-policy"] = policy
            await send(message)

        await self.app(scope, receive, send_with_headers)
