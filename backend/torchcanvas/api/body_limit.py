"""A size limit on request bodies: a body past it gets 413 before it is read into memory.

Designs and settings are small, so a JSON body of more than TORCHCANVAS_MAX_JSON_BYTES (1 MiB by
default) is refused: at once when its Content-Length says so, otherwise as soon as the streamed
bytes pass the limit. Dataset uploads stream to disk under their own limit, and pictures sent to
a model are read under theirs: the operations in `exempt` (method, path template) take no 413.
The operations in `samples` take one sample for a model: their 413 says how to send one, or many.

Each body is bounded, and so are all of them together: a script that opens thousands of
connections, each sending most of a 1 MiB body, would hold gigabytes. The bodies being received
may hold `budget` bytes in memory in all (TORCHCANVAS_MAX_BODY_BYTES_IN_FLIGHT); a body that
would pass it gets 503 with Retry-After, and its bytes count until its request has been answered.
An exempt body counts at most `limit` bytes: past that, uploads and pictures wait on disk.
"""

import json
import re

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from torchcanvas.sizes import size_text


def too_large_message(limit: int) -> str:
    return (
        f"The request body is larger than the limit of {limit:,} bytes: designs and settings "
        "are small, so send less (datasets go to POST /api/datasets as a file upload). The "
        "server's TORCHCANVAS_MAX_JSON_BYTES sets the limit."
    )


def sample_too_large_message(limit: int, path: str) -> str:
    """The 413 of a route that takes one sample (`path`: its own, as /api/runs/{id}/predict)."""
    many = path.rsplit("/", 1)[0] + "/classify-many"
    return (
        f"The request body is larger than the limit of {limit:,} bytes: a model's input is one "
        "sample, and small (a 28×28 picture is 784 numbers), so send one sample at a time (a "
        f"picture may go as its file to POST {path}-image). Many samples go at once, as a CSV "
        f"or a ZIP of pictures, to POST {many}. The server's TORCHCANVAS_MAX_JSON_BYTES sets "
        "the limit."
    )


def encoded_message(encoding: bytes) -> str:
    """A compressed body's 415: its bytes were read as JSON (or a form) and said not to be UTF-8,
    or another encoding's header was passed over and the body read as it came."""
    shown = encoding.decode("latin-1")[:30]
    return (
        f"The body is sent with Content-Encoding: {shown}, which this server does not unpack: "
        "send it uncompressed, without a Content-Encoding header."
    )


def busy_message(budget: int) -> str:
    return (
        f"The server is receiving {size_text(budget)} of requests at once, as much as it "
        "holds (TORCHCANVAS_MAX_BODY_BYTES_IN_FLIGHT): send this again in a moment."
    )


class BodyTooLarge(HTTPException):
    """A body that passed the limit while it was streamed in."""

    def __init__(self, detail: str) -> None:
        super().__init__(413, detail=detail)


class BodiesTooLarge(HTTPException):
    """A body that would pass what all bodies together may hold."""

    def __init__(self, budget: int) -> None:
        super().__init__(503, detail=busy_message(budget), headers={"Retry-After": "5"})


def path_pattern(template: str) -> str:
    """A path template as a regex: each {parameter} stands for one path segment."""
    parts = re.split(r"\{[^}/]+\}", template)
    return "[^/]+".join(re.escape(part) for part in parts)


def operations_pattern(operations: set[tuple[str, str]]) -> re.Pattern[str]:
    """A regex that fully matches `METHOD path` for the (method, path template) operations."""
    return re.compile("|".join(f"{m} {path_pattern(path)}" for m, path in sorted(operations)))


class BodyLimitMiddleware:
    """Counts the bytes of each request body: 413 once past `limit`, 503 when the bodies being
    received would hold more than `budget` bytes together."""

    def __init__(
        self,
        app: ASGIApp,
        limit: int,
        exempt: set[tuple[str, str]],
        budget: int,
        samples: set[tuple[str, str]],
    ) -> None:
        self.app, self.limit, self.budget = app, limit, budget
        self.exempt = operations_pattern(exempt)
        self.samples = operations_pattern(samples)
        self.in_flight = 0  # bytes held by the bodies of the requests not yet answered

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        exempt = self.exempt.fullmatch(f"{scope['method']} {scope['path']}") is not None
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length", b"")
        encoding = headers.get(b"content-encoding", b"").strip().lower()
        has_body = (declared.isdigit() and int(declared) > 0) or b"transfer-encoding" in headers
        if has_body and encoding not in (b"", b"identity"):
            await self._refuse(send, HTTPException(415, detail=encoded_message(encoding)))
            return
        if not exempt and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(send, self._too_large(scope))
            return
        received = counted = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received, counted
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit and not exempt:
                    raise self._too_large(scope)
                more = min(received, self.limit) - counted
                if more > 0 and self.in_flight + more > self.budget:
                    raise BodiesTooLarge(self.budget)
                self.in_flight += more
                counted += more
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except (BodyTooLarge, BodiesTooLarge) as refused:
            if started:
                raise
            await self._refuse(send, refused)
        finally:
            self.in_flight -= counted

    def _too_large(self, scope: Scope) -> BodyTooLarge:
        path = scope["path"]
        if self.samples.fullmatch(f"{scope['method']} {path}"):
            return BodyTooLarge(sample_too_large_message(self.limit, path))
        return BodyTooLarge(too_large_message(self.limit))

    async def _refuse(self, send: Send, refused: HTTPException) -> None:
        # the rest of the body is not read: the connection cannot carry another request
        headers = {**(refused.headers or {}), "connection": "close"}
        await send_error(send, refused.status_code, str(refused.detail), headers)


async def send_error(
    send: Send, status: int, detail: str, headers: dict[str, str] | None = None
) -> None:
    """An error reply (ErrorResponse's shape) sent by a middleware, before any route runs."""
    body = json.dumps({"detail": detail, "errors": []}).encode()
    raw = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        *((k.lower().encode(), v.encode()) for k, v in (headers or {}).items()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})
