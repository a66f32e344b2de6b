"""The API's JSON answers gzipped for a browser that takes it: a run's events (some hundreds of KB
for a long run), the catalogue (35 KB) and the runs list shrink some four times, which a slow or
far-away link waits for in full. Small answers (under MINIMUM), streamed ones and files (a
design.json download too) go as they are."""

import gzip

import anyio
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from torchcanvas.api.built_assets import takes_gzip

MINIMUM = 1024  # below this, gzip's own 20 bytes and a round of CPU gain next to nothing
IN_A_THREAD = 256 * 1024  # larger bodies are compressed off the event loop (2 MB: some 12 ms)
LEVEL = 1  # 0.2 ms for the catalogue, 4× smaller; level 6 took 1 ms for 4.5×


def _is_json(headers: MutableHeaders) -> bool:
    """An answer's JSON, not a file: a download (design.json) keeps its bytes, which its ETag
    and a resumed range name."""
    kind = headers.get("content-type", "").split(";")[0].strip().lower()
    as_a_file = ("content-encoding", "content-disposition", "accept-ranges", "etag")
    return kind == "application/json" and not any(name in headers for name in as_a_file)


class JsonGzipMiddleware:
    """Gzips each whole JSON answer of at least MINIMUM bytes, where the request takes gzip."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        gzips = takes_gzip(scope)
        held: Message | None = None  # a JSON answer's start, until its body says its size

        async def sending(message: Message) -> None:
            nonlocal held
            if message["type"] == "http.response.start":
                # A whole answer only: a range's part (206) is of the file as it is.
                headers = MutableHeaders(raw=message["headers"])
                if message["status"] == 200 and _is_json(headers):
                    # Gzipped or not by the request's Accept-Encoding: a cache between must
                    # keep the two apart (a review: a plain answer said nothing of it).
                    headers.add_vary_header("Accept-Encoding")
                    if gzips:
                        held = message
                        return
                await send(message)
                return
            start, held = held, None
            if start is not None and message["type"] != "http.response.body":
                await send(start)  # a file sent by path: as it is
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            body: bytes = message.get("body", b"")
            if message.get("more_body", False) or len(body) < MINIMUM:
                await send(start)
                await send(message)
                return
            if len(body) < IN_A_THREAD:
                packed = gzip.compress(body, LEVEL, mtime=0)
            else:
                packed = await anyio.to_thread.run_sync(lambda: gzip.compress(body, LEVEL, mtime=0))
            headers = MutableHeaders(raw=start["headers"])
            headers["content-encoding"] = "gzip"
            headers["content-length"] = str(len(packed))
            await send(start)
            await send({"type": "http.response.body", "body": packed})

        await self.app(scope, receive, sending)
