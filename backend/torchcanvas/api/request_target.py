"""A request whose target is a whole URL (`GET http://localhost:8000/api/health HTTP/1.1`).

A client that speaks to a proxy sends the absolute form, and HTTP/1.1 (RFC 9112, 3.2.2) asks a
server to accept it: the path is the URL's, and the host is the URL's in place of the Host
header. h11 hands the whole URL on as the path, which no route matched: a bare "Not Found".
Here the path, the query and the Host header are made the URL's before any check, so that the
host check (hosts.py) and the origin check (crosssite.py) judge the host the URL names.
"""

import re
from urllib.parse import unquote, urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send

from torchcanvas.api.crosssite import refuse

_ABSOLUTE = re.compile(r"^(?:http|https|ws|wss)://", re.IGNORECASE)


def _no_host(target: str) -> str:
    shown = target[:80] + ("…" if len(target) > 80 else "")
    return (
        f"The request's target `{shown}` is a URL without a host: send the path alone "
        "(`GET /api/health`), or the whole URL with this server's host in it."
    )


class AbsoluteTargetMiddleware:
    """Takes the path, query and host of a request sent to a whole URL; 400 where it names none."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or not _ABSOLUTE.match(scope["path"]):
            await self.app(scope, receive, send)
            return
        raw = scope.get("raw_path") or scope["path"].encode()
        target = raw.decode("latin-1")
        parts = urlsplit(target)
        host = parts.netloc.rpartition("@")[2]  # a user name and password are no part of it
        if not host:
            await refuse(scope, receive, send, 400, _no_host(target))
            return
        path = parts.path or "/"
        headers = [(k, v) for k, v in scope["headers"] if k.lower() != b"host"]
        scope = {
            **scope,
            "path": unquote(path),
            "raw_path": path.encode("latin-1"),
            "headers": [(b"host", host.encode("latin-1")), *headers],
        }
        await self.app(scope, receive, send)
