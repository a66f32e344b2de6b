"""The built frontend's files, mounted under every path the API does not answer.

A mount at `/` matches every path, so without care an OPTIONS to an API path, or a GET to a
POST-only one, would reach the static files and get their 405 without `Allow`, or a 404. Here
such requests get 405 with the methods the path really takes.
"""

import json
from collections.abc import Sequence
from pathlib import Path

from starlette.routing import BaseRoute, Match, Mount
from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send

from torchcanvas.api.errors import not_taken

READ = ("GET", "HEAD")


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def _takes(route: BaseRoute, scope: Scope) -> bool:
    return not isinstance(route, Mount) and route.matches(scope)[0] == Match.FULL


def api_methods(routes: Sequence[BaseRoute], scope: Scope) -> list[str]:
    """The methods the API's routes take on the scope's path (none for the frontend's files)."""
    return [m for m in _METHODS if any(_takes(route, {**scope, "method": m}) for route in routes)]


class FrontendFiles:
    """StaticFiles for GET and HEAD; 405 with `Allow` for other methods and for API paths."""

    def __init__(self, directory: Path, routes: Sequence[BaseRoute]) -> None:
        self.files = StaticFiles(directory=directory, html=True)
        self.routes = routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.files(scope, receive, send)
            return
        taken = api_methods(self.routes, scope)  # a GET that reaches here is not among them
        if scope["method"] in READ and not taken:
            await self.files(scope, receive, send)
            return
        allowed = taken or list(READ)
        detail = not_taken(scope["path"], scope["method"], allowed)
        body = json.dumps({"detail": detail, "errors": []}).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"allow", ", ".join(allowed).encode()),
        ]
        await send({"type": "http.response.start", "status": 405, "headers": headers})
        await send({"type": "http.response.body", "body": body})
