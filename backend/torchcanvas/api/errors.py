"""Turns bad input into clear 4xx replies with the same `errors` list everywhere."""

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from torchcanvas.api.models import ErrorResponse
from torchcanvas.design.schema import DesignIssue
from torchcanvas.runs.service import RunRejected


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
    field = str(loc[-1]) if loc else None
    message = f"{path or 'body'}: {error.get('msg', 'is invalid')}."
    return DesignIssue(node=_layer_id(body, loc), field=field, message=message)


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

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        reply = ErrorResponse(detail=str(exc.detail))
        return JSONResponse(reply.model_dump(), status_code=exc.status_code, headers=exc.headers)
