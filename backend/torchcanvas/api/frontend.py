"""The built frontend's files, mounted under every path the API does not answer.

A mount at `/` matches every path, so without care an OPTIONS to an API path, or a GET to a
POST-only one, would reach the static files and get their 405 without `Allow`, or a 404. Here
such requests get 405 with the methods the path really takes.

A browser asking for a path that is neither a file nor a page gets the app with a 404, which
says so and links the pages there are (not a bare JSON body); a page's path with a slash after
it is sent to the page (308).
"""

import json
from collections.abc import Sequence
from pathlib import Path

import anyio.to_thread
from starlette.exceptions import HTTPException
from starlette.responses import FileResponse, RedirectResponse
from starlette.routing import BaseRoute, Match, Mount
from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket

from torchcanvas.api.built_assets import BuiltAssets
from torchcanvas.api.errors import not_taken
from torchcanvas.api.meant_path import no_endpoint
from torchcanvas.api.websocket_refusal import refuse_websocket

READ = ("GET", "HEAD")


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def _takes(route: BaseRoute, scope: Scope) -> bool:
    return not isinstance(route, Mount) and route.matches(scope)[0] == Match.FULL


def api_methods(routes: Sequence[BaseRoute], scope: Scope) -> list[str]:
    """The methods the API's routes take on the scope's path (none for the frontend's files)."""
    return [m for m in _METHODS if any(_takes(route, {**scope, "method": m}) for route in routes)]


class FrontendFiles:
    """StaticFiles for GET and HEAD; 405 with `Allow` for other methods and for API paths."""

    def __init__(
        self, directory: Path, routes: Sequence[BaseRoute], pages: Sequence[BaseRoute]
    ) -> None:
        """`routes`: the app's; `pages`: those of its pages (api/routes/pages.py)."""
        self.files = StaticFiles(directory=directory, html=True)
        self.assets = BuiltAssets(directory)  # gzipped, and cached for good
        self.index = directory / "index.html"
        self.routes, self.pages = routes, pages

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":  # no route took it: no such socket
            await _no_socket(scope, receive, send)
            return
        if scope["type"] != "http":
            await self.files(scope, receive, send)
            return
        taken = api_methods(self.routes, scope)  # a GET that reaches here is not among them
        if not taken and _under_api(scope["path"]):  # a misspelt endpoint, not a page
            await _reply(send, 404, no_endpoint(scope), [])
            return
        if scope["method"] in READ and not taken:
            await self._file_or_page(scope, receive, send)
            return
        allowed = taken or list(READ)
        detail = not_taken(scope["path"], scope["method"], allowed)
        await _reply(send, 405, detail, [(b"allow", ", ".join(allowed).encode())])

    def _is_page(self, scope: Scope, path: str) -> bool:
        """Whether a page of the app answers GET at the path."""
        asked = {**scope, "path": path, "method": "GET"}
        return any(route.matches(asked)[0] == Match.FULL for route in self.pages)

    async def _file_or_page(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The file at the path; else a page's path with a slash after it sent to the page, or
        a browser told that there is no page there; else the 404."""
        # In a thread: a file's first gzip (900 KB at level 9) held the event loop ~0.1 s.
        if (asset := await anyio.to_thread.run_sync(self.assets.response, scope)) is not None:
            await asset(scope, receive, send)
            return
        try:
            await self.files(scope, receive, send)
        except HTTPException as missing:
            if missing.status_code != 404:
                raise
            path = scope["path"]
            page = path.rstrip("/")
            if page != path and page and self._is_page(scope, page):
                # The path as sent, still percent-encoded: decoded, an id's %3F read as a query.
                sent = scope.get("raw_path") or path.encode()
                to = sent.decode("latin-1").rstrip("/")
                query = scope["query_string"].decode("latin-1")
                await RedirectResponse(f"{to}?{query}" if query else to, 308)(scope, receive, send)
            elif _wants_html(scope) and self.index.is_file():
                page_404 = FileResponse(self.index, status_code=404, media_type="text/html")
                await page_404(scope, receive, send)
            else:
                await _reply(send, 404, self._no_page(path), [])

    def _no_page(self, path: str) -> str:
        pages = ", ".join(["/", *(getattr(route, "path", "") for route in self.pages)])
        return (
            f"There is no page or file at {path}: the app's pages are {pages}, and the API's "
            "endpoints are listed at /docs."
        )


def _wants_html(scope: Scope) -> bool:
    """Whether the request is a browser's for a page (its Accept names HTML), not a script's."""
    accept = dict(scope["headers"]).get(b"accept", b"")
    return b"text/html" in accept


def _under_api(path: str) -> bool:
    return path == "/api" or path.startswith("/api/")


async def _reply(send: Send, status: int, detail: str, headers: list[tuple[bytes, bytes]]) -> None:
    body = json.dumps({"detail": detail, "errors": []}).encode()
    head = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        *headers,
    ]
    await send({"type": "http.response.start", "status": status, "headers": head})
    await send({"type": "http.response.body", "body": body})


async def _no_socket(scope: Scope, receive: Receive, send: Send) -> None:
    """Accepts, then closes 4404 with the reason: refused unaccepted, a browser sees a bare 403."""
    reason = f"No websocket at {scope['path']}: a run's events are at /api/runs/{{id}}/events."
    await refuse_websocket(WebSocket(scope, receive, send), 4404, reason)
