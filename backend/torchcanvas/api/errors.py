"""Every error's HTTP answer, in one place: bad bodies, the core's problems, a full disk.

The core raises the kinds of `torchcanvas.problems` with messages that say what to do; the table
below gives each kind its status, and every reply has the same body (`ErrorResponse`).
"""

import logging
import re
import sqlite3
from typing import Any

from fastapi import FastAPI, Request, WebSocket, WebSocketException
from fastapi.exceptions import RequestValidationError, WebSocketRequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect
from starlette.websockets import WebSocketState

from torchcanvas.api.access import is_shared_path
from torchcanvas.api.bodies import ErrorResponse
from torchcanvas.api.body_fields import allowed_fields
from torchcanvas.api.body_limit import path_pattern
from torchcanvas.api.crosssite import SECURITY_HEADERS
from torchcanvas.api.disk import storage_fault_reply
from torchcanvas.api.error_reply import ErrorReply
from torchcanvas.design.build import DesignInvalid
from torchcanvas.design.schema import DesignIssue
from torchcanvas.problems import (
    Conflict,
    Forbidden,
    Gone,
    Invalid,
    NotFound,
    Problem,
    TooLarge,
    TooMany,
    Unavailable,
    Unsupported,
)
from torchcanvas.runs.errors import RunRejected

# The server's own log, where uvicorn writes its lines: a line here reads as one of them.
server_log = logging.getLogger("uvicorn.error")

# The status of each kind of problem; a problem answers as the first of its classes listed here.
STATUS: dict[type[Problem], int] = {
    TooLarge: 413,
    Unsupported: 415,
    Invalid: 422,
    NotFound: 404,
    Gone: 410,
    Forbidden: 403,
    Conflict: 409,
    TooMany: 429,
    Unavailable: 503,
}


def status_of(problem: Problem) -> int:
    """The HTTP status of a problem: its own kind's, by the order of its classes."""
    for kind in type(problem).__mro__:
        if kind in STATUS:
            return STATUS[kind]
    return 400  # a Problem of no listed kind: still the caller's to fix


def _layer_id(body: Any, loc: tuple[Any, ...]) -> str | None:
    """The id of the layer a body error points into, if it has one."""
    if "layers" not in loc:
        return None
    at = loc.index("layers")
    try:
        node = body
        for key in loc[1 : at + 2]:
            node = node[key]
        return str(node["id"]) if isinstance(node, dict) and "id" in node else None
    except (KeyError, IndexError, TypeError):
        return None


def _issue(error: dict[str, Any], body: Any, request: Request | None = None) -> DesignIssue:
    """A body or query error as an issue: `field` is a layer's param where it names a layer
    (`node`), else the path from the body's root to the last name (`training.epochs`, `edges`
    of `design.edges.0.1`), as the run checks name theirs."""
    loc = tuple(error.get("loc", ()))
    parts = [part for part in loc[1:] if part != "body"]
    named_id = _layer_id_issue(error, parts)
    if named_id is not None:
        return named_id
    path = ".".join(str(part) for part in parts)
    named = [at for at, part in enumerate(parts) if isinstance(part, str)]
    name = parts[named[-1]] if named else None
    node = _layer_id(body, loc)
    to_name = ".".join(map(str, parts[: named[-1] + 1])) if named else None
    field = name if node is not None else to_name
    said = (
        _bound(error)
        or _too_large(error)
        or _true_or_false(error)
        or error.get("msg", "is invalid")
    )
    unknown = error.get("type") == "extra_forbidden"
    if unknown and request is not None:
        known = allowed_fields(request, tuple(parts[:-1]))
        fields = (
            f"the only field is {known[0]}"
            if len(known) == 1
            else f"the fields are {', '.join(known)}"
        )
        said = f"not a field here: {fields}" if known else "not a field here"
    message = f"{path or 'body'}: {said}."
    if name in _SHAPES and not unknown:
        message = f"{message[:-1]}: {_SHAPES[str(name)]}."
    return DesignIssue(node=node, field=None if field is None else str(field), message=message)


def _layer_id_issue(error: dict[str, Any], parts: list[Any]) -> DesignIssue | None:
    """A layer's id empty or too long, said as the editor's own id checks say theirs: "Layer 3
    has no id", not Pydantic's "String should have at least 1 character"."""
    kind = error.get("type")
    if kind not in ("string_too_short", "string_too_long") or len(parts) < 3:
        return None
    layers, index, field = parts[-3:]
    if (layers, field) != ("layers", "id") or not isinstance(index, int):
        return None
    if kind == "string_too_short":
        message = f"Layer {index + 1} has no id: give it one, such as conv1 or fc."
    else:
        sent = str(error.get("input", ""))
        most = (error.get("ctx") or {}).get("max_length")
        message = (
            f"Layer {index + 1}'s id `{sent[:20]}…` is {len(sent):,} characters long: give it "
            f"one of at most {most}, such as conv1 or fc."
        )
    return DesignIssue(field="id", message=message)


_ROOTS = ("design.", "training.")  # the run body's parts; a design's issues name neither


def from_body_root(issues: list[DesignIssue]) -> list[DesignIssue]:
    """A design's own issues named from the request body's root (`design.input_shape`), as the
    body's other errors are; a layer's keep its param, with the layer as `node`."""
    return [
        issue.model_copy(update={"field": f"design.{issue.field}"})
        if issue.node is None and issue.field and not issue.field.startswith(_ROOTS)
        else issue
        for issue in issues
    ]


# A number past a bound: what Pydantic's words ("Input should be less than or equal to 1000")
# leave out is the value that was sent.
_BOUNDS = {
    "less_than_equal": ("le", "is over the most allowed, {}"),
    "less_than": ("lt", "must be below {}"),
    "greater_than_equal": ("ge", "is under the least allowed, {}"),
    "greater_than": ("gt", "must be above {}"),
}


def _bound(error: dict[str, Any]) -> str | None:
    """'5000 is over the most allowed, 1000' for a number past a bound; None for other errors."""
    kind = _BOUNDS.get(str(error.get("type")))
    ctx = error.get("ctx") or {}
    if kind is None or kind[0] not in ctx:
        return None
    sent = str(error.get("input"))
    sent = sent if len(sent) <= 40 else f"{sent[:20]}…"
    if sent.lower().lstrip("+-") == "nan":  # past no bound: below and above both fail
        return f"{sent} is not a number"
    bound = ctx[kind[0]]
    shown = f"{bound:g}" if isinstance(bound, float) else str(bound)  # 0, not 0.0
    return f"{sent} {kind[1].format(shown)}"


def _too_large(error: dict[str, Any]) -> str | None:
    """A whole number too large for Pydantic to read (1e30 for a sample's size): "Unable to
    parse input string as an integer, exceeded maximum size" named neither it nor a way out."""
    if error.get("type") != "int_parsing_size":
        return None
    sent = str(error.get("input"))
    shown = sent if len(sent) <= 20 else f"{sent[:12]}…"
    return f"{shown} is far too large a number: give a whole number within the field's bounds"


_NUMBERS = {"int_type": "a whole number", "float_type": "a number"}


def _true_or_false(error: dict[str, Any]) -> str | None:
    """'true is not a number: send a whole number' where a strict number field got true or
    false, which Pydantic's words ("Input should be a valid integer") left the sender to guess."""
    sent, wanted = error.get("input"), _NUMBERS.get(str(error.get("type")))
    if not isinstance(sent, bool) or wanted is None:
        return None
    return f"{'true' if sent else 'false'} is not a number: send {wanted}"


# What a value must look like, for fields whose Pydantic message alone does not say.
_SHAPES = {
    "edges": 'each edge is a pair of layer ids [from, to], with "input" for the input',
    "input_shape": "one sample's shape as 1 to 4 whole numbers, such as [1, 8, 8]",
    "after": "the seq of the last event you have, a whole number from 0 to 2**63-1",
    "lr": "the learning rate is a finite number above 0 and at most 10, such as 0.001",
}


MAX_ISSUES = 50  # listed in one reply: a body of 200,000 bad edges made 37 MB of them


def _issues(what: str, issues: list[DesignIssue]) -> ErrorReply:
    """422 with the issues that stop a design or a run, as validation lists them (the first
    MAX_ISSUES of them)."""
    count = len(issues)
    shown = "" if count <= MAX_ISSUES else f", the first {MAX_ISSUES} listed"
    reply = ErrorResponse(
        detail=f"{what}: {count:,} issue{'s' if count != 1 else ''} to fix{shown}.",
        errors=issues[:MAX_ISSUES],
    )
    return ErrorReply(reply.model_dump(), status_code=422)


WS_INVALID = 4422  # a websocket's query is not valid; 4404 (deps.py): no such run of yours
_CLOSE_REASON_BYTES = 123  # all that a close frame holds


async def refuse_websocket(websocket: WebSocket, code: int, reason: str) -> None:
    """Accepts, then closes with a 4xxx code and the reason: refused before it is accepted, a
    websocket reaches a browser as a bare 403, and the page can only guess and retry."""
    if websocket.client_state is WebSocketState.CONNECTING:
        await websocket.accept()
    short = reason.encode(errors="replace")[:_CLOSE_REASON_BYTES].decode(errors="ignore")
    await websocket.close(code, short)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(WebSocketException)
    async def websocket_refused(websocket: WebSocket, exc: WebSocketException) -> None:
        await refuse_websocket(websocket, exc.code, exc.reason or "Refused.")

    @app.exception_handler(WebSocketRequestValidationError)
    async def websocket_invalid(websocket: WebSocket, exc: WebSocketRequestValidationError) -> None:
        issues = [_issue(dict(error), None) for error in exc.errors()]
        reason = issues[0].message if issues else "The request is not valid."
        await refuse_websocket(websocket, WS_INVALID, reason)

    @app.exception_handler(RequestValidationError)
    async def bad_body(request: Request, exc: RequestValidationError) -> ErrorReply:
        broken = next((e for e in exc.errors() if e.get("type") == "json_invalid"), None)
        if broken is not None:  # not JSON at all: unreadable, as the other bodies below
            reply = ErrorResponse(detail=not_json(exc.body, broken))
            return ErrorReply(reply.model_dump(), status_code=400)
        whole = _whole_body(request, exc)
        if whole is not None:
            return ErrorReply(ErrorResponse(detail=whole[1]).model_dump(), status_code=whole[0])
        errors = exc.errors()
        issues = [_issue(dict(error), exc.body, request) for error in errors[:MAX_ISSUES]]
        more = len(errors) - len(issues)
        detail = (
            "The request is not valid: " + issues[0].message
            if issues
            else "The request is not valid."
        )
        if more > 0:
            detail += f" ({more:,} more issues past the {MAX_ISSUES} listed.)"
        reply = ErrorResponse(detail=detail, errors=issues)
        return ErrorReply(reply.model_dump(), status_code=422)

    @app.exception_handler(RunRejected)
    async def rejected(request: Request, exc: RunRejected) -> ErrorReply:
        return _issues("The run cannot start", from_body_root(exc.issues))

    @app.exception_handler(DesignInvalid)
    async def cannot_build(request: Request, exc: DesignInvalid) -> ErrorReply:
        return _issues("The design cannot be built", from_body_root(exc.issues))

    @app.exception_handler(ClientDisconnect)
    async def client_left(request: Request, exc: ClientDisconnect) -> Response:
        # A client that closed its connection mid-body (a closed tab, a lost network): the
        # route's own clean-up has removed what it had received, and no one reads a reply.
        server_log.info(
            "%s %s: the client left before sending its whole body; nothing of it was kept.",
            request.method,
            request.url.path,
        )
        return Response(status_code=400)

    # Any other exception: Starlette answers it in ServerErrorMiddleware, outside every middleware
    # of the app, whose headers it then lacked (CSP, nosniff, X-Frame-Options), and uvicorn
    # closes the connection after it, which a client that kept it alive met as a reset.
    app.add_exception_handler(Exception, server_fault)
    app.add_exception_handler(OSError, storage_fault_reply)
    app.add_exception_handler(sqlite3.OperationalError, storage_fault_reply)

    @app.exception_handler(Problem)
    async def problem(request: Request, exc: Problem) -> ErrorReply:
        detail = str(exc)
        # A share link's visitor is never shown the run's id, and is told what they can do; its
        # owner opening the link is told as on their own page.
        visitor = not getattr(request.state, "owns_shared", False)
        if is_shared_path(request.url.path) and visitor:
            detail = exc.for_viewers or without_run_ids(detail)
        reply = ErrorResponse(detail=detail, errors=field_issues(exc))
        return ErrorReply(reply.model_dump(), status_code=status_of(exc))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> ErrorReply:
        detail = str(exc.detail)
        if detail == _FASTAPI_UNPARSED and exc.__cause__ is not None:
            detail = unreadable_body(exc.__cause__)
        headers = exc.headers
        if exc.status_code == 405:  # Starlette's Allow names the methods of one route of the path
            allowed = allowed_methods(request)
            detail = not_taken(request.url.path, request.method, allowed)
            headers = {**(headers or {}), "Allow": ", ".join(allowed)}
        reply = ErrorResponse(detail=detail)
        return ErrorReply(reply.model_dump(), status_code=exc.status_code, headers=headers)


SERVER_FAULT = (
    "Something went wrong on the server: this is a bug, not your request, and it is in the "
    "server's log. Try again; if it happens again, report what you did."
)


async def server_fault(request: Request, exc: Exception) -> ErrorReply:
    """500 with the app's security headers, and the connection closed (uvicorn closes it after
    an exception: said, a client opens a new one rather than lose its next request). The
    exception and its traceback go to the log, as before: Starlette raises it on."""
    reply = ErrorResponse(detail=SERVER_FAULT)
    headers = {**SECURITY_HEADERS, "connection": "close"}
    return ErrorReply(reply.model_dump(), status_code=500, headers=headers)


# "Run 2619de3667d120f8" in a message: a share link's page hides the run's id (its view says
# `run_id: null`), so its errors name "the shared run" instead.
_RUN_ID = re.compile(r"\b([Rr])un [0-9a-f]{16}\b")


def without_run_ids(message: str) -> str:
    return _RUN_ID.sub(
        lambda m: "The shared run" if m.group(1) == "R" else "the shared run", message
    )


# A message that begins with a field of the request ("input: every number must be finite")
_FIELD_FIRST = re.compile(r"([a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)*): ")


def field_issues(problem: Problem) -> list[DesignIssue]:
    """The issue an invalid input's problem names by beginning with its field, as body errors
    do; none for other problems, whose message says all."""
    found = _FIELD_FIRST.match(str(problem))
    if not isinstance(problem, Invalid) or found is None:
        return []
    return [DesignIssue(field=found.group(1), message=str(problem))]


def not_taken(path: str, method: str, allowed: list[str]) -> str:
    """A 405's message, for the API's routes and the frontend's files alike."""
    return f"{path} does not take {method}: use {', '.join(allowed)}."


def allowed_methods(request: Request) -> list[str]:
    """The methods that the API's schema gives the request's path, in order."""
    methods: set[str] = set()
    for template, operations in request.app.openapi()["paths"].items():
        if re.fullmatch(path_pattern(template), request.url.path):
            methods |= {method.upper() for method in operations if method in _METHODS}
    return sorted(methods)


_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
_FASTAPI_UNPARSED = "There was an error parsing the body"  # FastAPI's words for any of these


def _whole_body(request: Request, exc: RequestValidationError) -> tuple[int, str] | None:
    """The status and message for a body that is no JSON object at all: empty (422), sent as
    another type (415), or a list or text (422)."""
    errors = [e for e in exc.errors() if tuple(e.get("loc", ())) == ("body",)]
    if not errors:
        return None
    if errors[0].get("type") == "missing":
        return 422, "The body is empty: send a JSON object, with Content-Type: application/json."
    sent = request.headers.get("content-type", "").split(";")[0].strip()
    if "json" not in sent:
        how = f"was sent as {sent}" if sent else "came with no Content-Type"
        return 415, f"The body {how}: send it as JSON, with Content-Type: application/json."
    kind = type(exc.body).__name__
    named = {
        "list": "a list",
        "str": "text",
        "int": "a number",
        "float": "a number",
        "NoneType": "null",
        "bool": "true or false",
    }
    return 422, f"The body is {named.get(kind, kind)}, not a JSON object: send an object, {{...}}."


def not_json(text: Any, error: dict[str, Any]) -> str:
    """Where a body stops being JSON, by line and column, and what the reader expected there."""
    expected = str((error.get("ctx") or {}).get("error", "not JSON"))
    at = error.get("loc", ("body", 0))[-1]
    if not isinstance(text, str) or not isinstance(at, int):
        return f"The body is not valid JSON ({expected}): send a JSON object."
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    return f"The body is not valid JSON: {expected} at line {line}, column {column}: fix it there."


def unreadable_body(cause: BaseException) -> str:
    """What is wrong with a JSON body that Python's json module could not read, and the fix."""
    if isinstance(cause, RecursionError):
        return "The body nests too deeply to read: send JSON nested at most a few hundred levels."
    if isinstance(cause, UnicodeDecodeError):
        return f"The body is not UTF-8 ({cause.reason} at byte {cause.start}): send JSON as UTF-8."
    if isinstance(cause, ValueError) and "digits" in str(cause):
        return "A number in the body has more than 4300 digits: send numbers of at most 4300."
    return f"The body could not be read as JSON ({type(cause).__name__}): send UTF-8 JSON."
