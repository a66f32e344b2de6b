"""Turns bad input into clear 4xx replies with the same `errors` list everywhere."""

import sqlite3
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from torchcanvas.api.disk import disk_full_reply
from torchcanvas.api.models import ErrorResponse
from torchcanvas.design.schema import DesignIssue
from torchcanvas.runs.errors import NoWorker, RunRejected


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


def _issue(error: dict[str, Any], body: Any) -> DesignIssue:
    loc = tuple(error.get("loc", ()))
    path = ".".join(str(part) for part in loc[1:] if part != "body")
    names = [part for part in loc if isinstance(part, str) and part != "body"]
    field = names[-1] if names else None  # `edges`, not the index inside it
    message = f"{path or 'body'}: {error.get('msg', 'is invalid')}."
    if field in _SHAPES:
        message = f"{message[:-1]}: {_SHAPES[field]}."
    return DesignIssue(node=_layer_id(body, loc), field=field, message=message)


# What a value must look like, for fields whose Pydantic message alone does not say.
_SHAPES = {
    "edges": 'each edge is a pair of layer ids [from, to], with "input" for the input',
    "input_shape": "one sample's shape as 1 to 4 whole numbers, such as [1, 8, 8]",
    "after": "the seq of the last event you have, a whole number from 0 to 2**63-1",
    "lr": "the learning rate is a finite number above 0 and at most 10, such as 0.001",
}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def bad_body(request: Request, exc: RequestValidationError) -> JSONResponse:
        issues = [_issue(dict(error), exc.body) for error in exc.errors()]
        reply = ErrorResponse(
            detail="The request is not valid: " + issues[0].message
            if issues
            else "The request is not valid.",
            errors=issues,
        )
        return JSONResponse(reply.model_dump(), status_code=422)

    @app.exception_handler(RunRejected)
    async def rejected(request: Request, exc: RunRejected) -> JSONResponse:
        count = len(exc.issues)
        reply = ErrorResponse(
            detail=f"The run cannot start: {count} issue{'s' if count != 1 else ''} to fix.",
            errors=exc.issues,
        )
        return JSONResponse(reply.model_dump(), status_code=422)

    app.add_exception_handler(OSError, disk_full_reply)
    app.add_exception_handler(sqlite3.OperationalError, disk_full_reply)

    @app.exception_handler(NoWorker)
    async def no_worker(request: Request, exc: NoWorker) -> JSONResponse:
        return JSONResponse(ErrorResponse(detail=str(exc)).model_dump(), status_code=503)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        reply = ErrorResponse(detail=str(exc.detail))
        return JSONResponse(reply.model_dump(), status_code=exc.status_code, headers=exc.headers)
