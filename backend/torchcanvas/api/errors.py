"""Every error's HTTP answer, in one place: bad bodies, the core's problems, a full disk.

The core raises the kinds of `torchcanvas.problems` with messages that say what to do;
api/problem_status.py gives each kind its status, and every reply has the same body
(`ErrorResponse`). The handlers here are installed on the app by `install_error_handlers`.
"""

import logging
import re
import sqlite3
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request, WebSocket, WebSocketException
from fastapi.exceptions import RequestValidationError, WebSocketRequestValidationError
from fastapi.responses import Response
from safetensors import SafetensorError
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect

from torchcanvas.api.access import is_shared_path
from torchcanvas.api.bodies import ErrorResponse
from torchcanvas.api.body_issues import body_issue, from_body_root
from torchcanvas.api.body_limit import path_pattern
from torchcanvas.api.crosssite import SECURITY_HEADERS
from torchcanvas.api.disk import storage_fault_reply
from torchcanvas.api.error_reply import ErrorReply
from torchcanvas.api.problem_status import status_of
from torchcanvas.api.request_key import Replayed, replayed
from torchcanvas.api.unreadable_bodies import (
    FASTAPI_UNPARSED,
    not_json,
    unreadable_body,
    whole_body_problem,
)
from torchcanvas.api.websocket_refusal import WS_INVALID, refuse_websocket
from torchcanvas.design.build import DesignInvalid
from torchcanvas.design.schema import DesignIssue
from torchcanvas.problems import Invalid, Problem, shown_id
from torchcanvas.runs.errors import RunRejected

# The server's own log, where uvicorn writes its lines: a line here reads as one of them.
server_log = logging.getLogger("uvicorn.error")

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


async def websocket_refused(websocket: WebSocket, exc: WebSocketException) -> None:
    """A websocket refused by a route: closed with its code and reason."""
    await refuse_websocket(websocket, exc.code, exc.reason or "Refused.")


async def websocket_invalid(websocket: WebSocket, exc: WebSocketRequestValidationError) -> None:
    """A websocket whose query is not valid: closed saying its first issue."""
    issues = [body_issue(dict(error), None) for error in exc.errors()]
    reason = issues[0].message if issues else "The request is not valid."
    await refuse_websocket(websocket, WS_INVALID, reason)


async def bad_body(request: Request, exc: RequestValidationError) -> ErrorReply:
    """A body that is not JSON (400), no JSON object (415, 422), or one with fields to fix (422)."""
    broken = next((e for e in exc.errors() if e.get("type") == "json_invalid"), None)
    if broken is not None:  # not JSON at all: unreadable, as the other bodies below
        reply = ErrorResponse(detail=not_json(exc.body, broken))
        return ErrorReply(reply.model_dump(), status_code=400)
    whole = whole_body_problem(request, exc)
    if whole is not None:
        return ErrorReply(ErrorResponse(detail=whole[1]).model_dump(), status_code=whole[0])
    errors = exc.errors()
    issues = [body_issue(dict(error), exc.body, request) for error in errors[:MAX_ISSUES]]
    more = len(errors) - len(issues)
    detail = (
        "The request is not valid: " + issues[0].message if issues else "The request is not valid."
    )
    if more > 0:
        detail += f" ({more:,} more issues past the {MAX_ISSUES} listed.)"
    reply = ErrorResponse(detail=detail, errors=issues)
    return ErrorReply(reply.model_dump(), status_code=422)


async def rejected(request: Request, exc: RunRejected) -> ErrorReply:
    """422 with what stops a run."""
    return _issues("The run cannot start", from_body_root(exc.issues))


async def cannot_build(request: Request, exc: DesignInvalid) -> ErrorReply:
    """422 with what stops a design being built."""
    return _issues("The design cannot be built", from_body_root(exc.issues))


async def client_left(request: Request, exc: ClientDisconnect) -> Response:
    """A client that closed its connection mid-body (a closed tab, a lost network): the route's
    own clean-up has removed what it had received, and no one reads a reply."""
    server_log.info(
        "%s %s: the client left before sending its whole body; nothing of it was kept.",
        request.method,
        request.url.path,
    )
    return Response(status_code=400)


async def problem(request: Request, exc: Problem) -> ErrorReply:
    """A problem the core raised, with its kind's status and its own words."""
    detail = str(exc)
    # A share link's visitor is never shown the run's id, and is told what they can do; its
    # owner opening the link is told as on their own page.
    visitor = not getattr(request.state, "owns_shared", False)
    if is_shared_path(request.url.path) and visitor:
        detail = exc.for_viewers or without_run_ids(detail)
    reply = ErrorResponse(detail=detail, errors=field_issues(exc))
    return ErrorReply(reply.model_dump(), status_code=status_of(exc))


async def http_error(request: Request, exc: HTTPException) -> ErrorReply:
    """Starlette's and FastAPI's own errors, in the same body, with words that name the fix."""
    detail = str(exc.detail)
    if detail == FASTAPI_UNPARSED and exc.__cause__ is not None:
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


def replay(request: Request, exc: Replayed) -> Response:
    """A request sent again whose key made its run: that run's reply (api/request_key.py)."""
    return replayed(exc.reply)


# Each kind of exception and its handler. Any other exception: Starlette answers it in
# ServerErrorMiddleware, outside every middleware of the app, whose headers it then lacked (CSP,
# nosniff, X-Frame-Options), and uvicorn closes the connection after it, which a client that
# kept it alive met as a reset: `server_fault` answers it inside them.
HANDLERS: list[tuple[type[Exception], Callable[..., Any]]] = [
    (WebSocketException, websocket_refused),
    (WebSocketRequestValidationError, websocket_invalid),
    (RequestValidationError, bad_body),
    (RunRejected, rejected),
    (Replayed, replay),
    (DesignInvalid, cannot_build),
    (ClientDisconnect, client_left),
    (Exception, server_fault),
    (OSError, storage_fault_reply),
    (sqlite3.OperationalError, storage_fault_reply),
    # save_file's full disk (starting weights made on their first download) is no OSError, but
    # says "(os error 28)": 507 as every other export's, any other SafetensorError 500.
    (SafetensorError, storage_fault_reply),
    (Problem, problem),
    (HTTPException, http_error),
]


def install_error_handlers(app: FastAPI) -> None:
    """Gives the app every handler of HANDLERS."""
    for kind, handler in HANDLERS:
        app.add_exception_handler(kind, handler)


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
    """A 405's message, for the API's routes and the frontend's files alike (a long path cut)."""
    return f"{shown_id(path)} does not take {method}: use {', '.join(allowed)}."


_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def allowed_methods(request: Request) -> list[str]:
    """The methods that the API's schema gives the request's path, in order."""
    methods: set[str] = set()
    for template, operations in request.app.openapi()["paths"].items():
        if re.fullmatch(path_pattern(template), request.url.path):
            methods |= {method.upper() for method in operations if method in _METHODS}
    return sorted(methods)
