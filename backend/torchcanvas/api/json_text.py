"""JSON bodies are UTF-8 text, without half a UTF-16 surrogate pair: else 400 at the door.

JSON's `\\uXXXX` escapes can spell half of a pair (`"\\ud800"` alone), which Python's json
decodes into a string that cannot be encoded again: a layer id or a loss name holding one reached
the error messages that echo it, and their replies failed to encode (500). It is no character,
so the body is refused before any route sees it, naming where it is and what to send instead.
Only bodies with such an escape in their bytes are decoded here: a pair (an emoji written as two
escapes) passes.

Python's json reads UTF-16 and UTF-32 bodies too, past the look above; JSON sent over a network
is UTF-8 (RFC 8259), as browsers and HTTP libraries send it, so others are refused as well.
A body that holds a key twice in one object is refused too, with 422 naming it (json_keys.py).
Only JSON bodies are looked at (and those without a Content-Type, which FastAPI reads as JSON),
and never those of the operations that read their bodies themselves (uploads, pictures, sets
sent to a model), which take no JSON: a picture sent without a Content-Type, as Python's
`requests.post(url, data=png)` sends it, is the picture's bytes, not JSON that is not UTF-8.
"""

import json
import re
from typing import Any

import anyio.to_thread
from fastapi import HTTPException
from starlette.datastructures import Headers
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from torchcanvas.api.backpressure import CpuGate
from torchcanvas.api.bodies import ErrorResponse
from torchcanvas.api.body_limit import operations_pattern, send_error
from torchcanvas.api.error_reply import ErrorReply
from torchcanvas.api.json_keys import holds_repeated_key, repeated_key, repeated_key_issue
from torchcanvas.api.unreadable_bodies import unreadable_body

_HALF_PAIR = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_WITH_BODY = {"POST", "PUT", "PATCH", "DELETE"}


def lone_surrogate(body: bytes) -> tuple[str, str] | None:
    """Where the body's JSON holds half a surrogate pair, and which (`\\ud800`); None for a body
    without one, or one that is not JSON at all (the route says so)."""
    if _HALF_PAIR.search(body) is None:
        return None
    try:
        value = json.loads(body)
    except (ValueError, RecursionError):  # not JSON, or nested too deep: the route says so
        return None
    try:
        json.dumps(value, ensure_ascii=False).encode()  # at C speed: pairs only, the usual case
    except (UnicodeEncodeError, RecursionError):  # the walk below is iterative: any depth
        return _find(value)
    return None


Path = tuple["Path", str | int] | None  # (the parent's path, a key or index); None: the body


def _find(value: Any) -> tuple[str, str] | None:
    """The first string, key or value, that UTF-8 cannot encode: its path and its bad escape.
    Each item carries a link to its parent's path, made into words only for the one found."""
    stack: list[tuple[Any, Path]] = [(value, None)]
    while stack:
        item, path = stack.pop()
        if isinstance(item, str):
            half = _half_of(item)
            if half is not None:
                return _words(path), half
        elif isinstance(item, dict):
            for key in item:
                half = _half_of(key)
                if half is not None:
                    return f"a key of {_words(path)}", half
            stack.extend((inner, (path, key)) for key, inner in reversed(item.items()))
        elif isinstance(item, list):
            stack.extend((item[i], (path, i)) for i in range(len(item) - 1, -1, -1))
    return None


def _words(path: Path) -> str:
    """`design.layers[0].id`, or "the body" for the whole of it."""
    parts: list[str] = []
    while path is not None:
        path, key = path
        parts.append(f"[{key}]" if isinstance(key, int) else f".{key[:40]}")
    text = "".join(reversed(parts)).removeprefix(".")
    return text or "the body"


def _half_of(text: str) -> str | None:
    try:
        text.encode()
    except UnicodeEncodeError as bad:
        return f"\\u{ord(text[bad.start]):04x}"
    return None


def not_utf8(body: bytes) -> str | None:
    """What a JSON body is written in, when it is not UTF-8 (a BOM is allowed)."""
    encoding = json.detect_encoding(body)
    return None if encoding in ("utf-8", "utf-8-sig") else encoding.upper()


def not_utf8_message(encoding: str) -> str:
    return (
        f"The body is JSON written in {encoding}: send it as UTF-8 text, as browsers and HTTP "
        "libraries do (JSON sent over a network is UTF-8)."
    )


def lone_surrogate_message(where: str, half: str) -> str:
    return (
        f"The text at `{where}` holds the escape {half}, one half of a UTF-16 surrogate pair "
        "without its other half: that is no character, and it cannot be kept. Send the "
        "character itself (JSON is UTF-8 text), or both halves of its escape, as "
        "\\ud83d\\ude00 for 😀."
    )


class JsonTextMiddleware:
    """Reads a JSON body whole, refuses it with 400 if it is not UTF-8 or holds half a surrogate
    pair, with 422 if an object in it holds a key twice, else hands it on as it came. A body
    past `limit` (which BodyLimitMiddleware, outside it, refuses but for the routes with their
    own limits) is handed on unread, as it comes. The bodies of `own_bodies` (method, path
    template), which their routes read themselves, are not looked at."""

    def __init__(self, app: ASGIApp, limit: int, own_bodies: set[tuple[str, str]]) -> None:
        self.app, self.limit = app, limit
        self.own_bodies = operations_pattern(own_bodies)
        self.turns = key_count_turns()  # for bodies counted in a thread, one at a time

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in _WITH_BODY
            or not _is_json(scope)
            or self.own_bodies.fullmatch(f"{scope['method']} {scope['path']}")
        ):
            await self.app(scope, receive, send)
            return
        held: list[Message] = []  # what came, handed on first
        size, whole = 0, False
        while not whole and size <= self.limit:
            message = await receive()
            held.append(message)
            size += len(message.get("body", b""))
            # the last part, or the client left mid-body (the route hears it)
            whole = message["type"] != "http.request" or not message.get("more_body", False)
        if whole and held[-1]["type"] == "http.request":
            body = b"".join(m.get("body", b"") for m in held)
            refusal = await _refusal(body)
            if refusal is not None:
                await send_error(send, 400, refusal)
                return
            try:
                repeated = await _repeated_key_reply(body, scope, self.turns)
            except HTTPException as busy:  # the line for a turn is full, or was too slow
                await send_error(send, busy.status_code, busy.detail, dict(busy.headers or {}))
                return
            if repeated is not None:
                await repeated(scope, receive, send)
                return
            held = [{"type": "http.request", "body": body, "more_body": False}]

        async def replay() -> Message:
            return held.pop(0) if held else await receive()

        await self.app(scope, replay, send)


# Bodies past this are not walked for where their half pair is (a Python walk of a megabyte of
# tiny items took half a CPU-second): the message gives the byte it is at instead.
WALKED_BYTES = 64 * 2**10
_WALKS = anyio.CapacityLimiter(1)  # one walk at a time, beside the routes' own threads


async def _refusal(body: bytes) -> str | None:
    encoding = not_utf8(body)
    if encoding is not None:
        return not_utf8_message(encoding)
    try:  # strictly: Python's json reads the bytes of a lone surrogate (ED A0 80) as one
        body.decode("utf-8")
    except UnicodeDecodeError as bad:  # said as FastAPI's own decoding failure is said
        return unreadable_body(bad)
    if _HALF_PAIR.search(body) is None:  # the usual case, answered here at once
        return None
    if len(body) > WALKED_BYTES:
        at = _lone_escape_at(body)
        if at is None:
            return None
        return lone_surrogate_message(f"byte {at:,} of the body", body[at : at + 6].decode())
    # Decoded, and walked where it holds half a pair: off the event loop, one at a time.
    found = await anyio.to_thread.run_sync(lone_surrogate, body, limiter=_WALKS)
    return None if found is None else lone_surrogate_message(*found)


# Bodies up to this are counted for a key sent twice on the event loop (C speed: a design of
# 64 KiB takes about 3 ms, as the route's own json.loads of it does). Larger ones are counted in a
# thread, one body at a time, clients taking turns (cpu_turns.py): a megabyte of small objects
# takes a tenth of a second of C, which holds the GIL, and six of a script's at once held up every
# other request. Only a body that holds a key twice, which is refused, is then read for which key
# and where: in Python, one at a time (a megabyte of tiny objects takes half a second), a lane that
# no body without a key twice waits for.
READ_HERE_BYTES = 64 * 2**10
_KEY_READS = anyio.CapacityLimiter(1)
WAIT_FOR_COUNT_SECONDS = 30.0  # a turn for a large body's count; the body budget bounds the line


def key_count_turns() -> CpuGate:
    """One large body counted at a time, clients in turns; a client keeps at most 8 waiting."""
    return CpuGate(slots=1, queue=1024, max_wait=WAIT_FOR_COUNT_SECONDS, per_client=8)


async def _repeated_key_reply(body: bytes, scope: Scope, turns: CpuGate) -> ErrorReply | None:
    """422 naming the first key that an object of the body holds twice; None where none does."""
    if len(body) <= READ_HERE_BYTES:
        found = repeated_key(body) if holds_repeated_key(body) else None
    else:
        async with turns.slot(HTTPConnection(scope)):
            holds = await anyio.to_thread.run_sync(holds_repeated_key, body)
        found = None
        if holds:
            found = await anyio.to_thread.run_sync(repeated_key, body, limiter=_KEY_READS)
    if found is None:
        return None
    issue = repeated_key_issue(*found)
    reply = ErrorResponse(detail=f"The request is not valid: {issue.message}", errors=[issue])
    return ErrorReply(reply.model_dump(), status_code=422)


def _lone_escape_at(body: bytes) -> int | None:
    """Where the first escape of half a pair stands without its other half, by the escapes'
    bytes alone (an escaped backslash before a `u` makes it text, not an escape)."""
    escapes = [  # (start, end, code): code 0 for an escaped backslash
        (m.start(), m.end(), int(m.group(1), 16) if m.group(1) else 0)
        for m in re.finditer(rb"\\\\|\\u([0-9a-fA-F]{4})", body)
    ]
    for i, (begin, end, code) in enumerate(escapes):
        after = escapes[i + 1] if i + 1 < len(escapes) else (-1, -1, 0)
        before = escapes[i - 1] if i > 0 else (-1, -1, 0)
        if 0xD800 <= code <= 0xDBFF and not (after[0] == end and 0xDC00 <= after[2] <= 0xDFFF):
            return begin
        if 0xDC00 <= code <= 0xDFFF and not (before[1] == begin and 0xD800 <= before[2] <= 0xDBFF):
            return begin
    return None


def _is_json(scope: Scope) -> bool:
    """As FastAPI reads it (the first Content-Type header), so that a second one cannot hide a
    body FastAPI reads as JSON."""
    kind = Headers(scope=scope).get("content-type", "").split(";")[0].strip().lower()
    return kind in ("", "application/json") or kind.endswith("+json")
