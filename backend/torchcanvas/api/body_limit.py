"""A size limit on request bodies: a body past it gets 413 before it is read into memory.

Designs and settings are small, so a JSON body of more than TORCHCANVAS_MAX_JSON_BYTES (1 MiB by
default) is refused: at once when its Content-Length says so, otherwise as soon as the streamed
bytes pass the limit. Dataset uploads stream to disk under their own limit, and pictures sent to
a model are read under theirs: the operations in `exempt` (method, path template) are left alone.
"""

import json
import re

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send


def too_large_message(limit: int) -> str:
    return (
        f"The request body is larger than the limit of {limit:,} bytes: designs and settings "
        "are small, so send less (datasets go to POST /api/datasets as a file upload). The "
        "server's TORCHCANVAS_MAX_JSON_BYTES sets the limit."
    )


class BodyTooLarge(HTTPException):
    """A body that passed the limit while it was streamed in."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, detail=too_large_message(limit))


def _path_pattern(template: str) -> str:
    """A path template as a regex: each {parameter} stands for one path segment."""
    parts = re.split(r"\{[^}/]+\}", template)
    return "[^/]+".join(re.escape(part) for part in parts)


class BodyLimitMiddleware:
    """Counts the bytes of each request body, and refuses it with 413 once past `limit`."""

    def __init__(self, app: ASGIApp, limit: int, exempt: set[tuple[str, str]]) -> None:
        self.app, self.limit = app, limit
        self.exempt = re.compile(
            "|".join(f"{method} {_path_pattern(path)}" for method, path in sorted(exempt))
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.exempt.fullmatch(f"{scope['method']} {scope['path']}"):
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            await self._refuse(send)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge(self.limit)
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except BodyTooLarge:
            if started:
                raise
            await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        body = json.dumps({"detail": too_large_message(self.limit), "errors": []}).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})
