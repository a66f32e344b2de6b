"""The OpenAPI schema's error replies, as the server really sends them.

FastAPI documents its own 422 body and none of what the middlewares answer, and it gives a
text endpoint's errors the endpoint's text media type. Every error this server sends is JSON
in the shape of `ErrorResponse`, so each operation's non-2xx replies are rewritten to say so,
and the replies that any request may get (a body that cannot be parsed or is too large, a
foreign origin, a full queue) are added where they apply.
"""

from http import HTTPStatus
from typing import Any

from torchcanvas.api.bodies import ErrorResponse

ERROR_REF = {"$ref": "#/components/schemas/ErrorResponse"}
_RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before trying again.",
        "schema": {"type": "integer"},
    }
}
# Which operations may answer what, beside what their routes declare.
# HostCheckMiddleware's refusal (api/hosts.py), which any request may get.
_FOREIGN_HOST = (
    "the Host header names none of this server's names (a guard against DNS rebinding: see "
    "TORCHCANVAS_ALLOWED_HOSTS)."
)
_ANY = {"400": f"Refused: {_FOREIGN_HOST}"}
_WITH_BODY = {
    "400": f"The body cannot be parsed (not JSON, not UTF-8, or broken multipart), or {_FOREIGN_HOST}",
    "413": "The body is larger than the server's limit (TORCHCANVAS_MAX_JSON_BYTES, or the upload limit).",
    "415": "The body is not of a type the operation takes: a JSON body needs Content-Type: "
    "application/json, and none may be sent compressed (Content-Encoding).",
}
_CHANGING = {
    "403": "Refused: the request came from a foreign origin (see TORCHCANVAS_ALLOWED_ORIGINS)."
}
_PARAMETERS = {
    "422": "A parameter or the body is not valid, or the query names a parameter the operation "
    "does not take; `errors` says which and why."
}
_DISK_FULL = {"507": "The server's disk is full: it stores nothing new until space is freed."}
_LOGIN = {
    "401": "This server asks its login token (TORCHCANVAS_TOKEN) for this, and the request "
    "showed none, or a wrong one: log in at /api/login, or send Authorization: Bearer <token>.",
    "429": "Too many wrong login tokens from this client: wait for Retry-After, then try again.",
}
BUSY = {
    "429": "Too many requests of this kind from this client or owner: wait, then try again.",
    "503": "The server is busy with other requests of this kind: try again after Retry-After.",
}


def _error(description: str, retry: bool = False) -> dict[str, Any]:
    reply: dict[str, Any] = {
        "description": description,
        "content": {"application/json": {"schema": ERROR_REF}},
    }
    if retry:
        reply["headers"] = _RETRY_AFTER
    return reply


def document_replies(
    schema: dict[str, Any],
    busy: set[tuple[str, str]],
    storing: set[tuple[str, str]],
    login: set[tuple[str, str]],
) -> dict[str, Any]:
    """Rewrites every operation's error replies in place.

    `busy` holds the (METHOD, path) that may answer 429 or 503, `storing` those that may answer
    507 while the disk is full, `login` those that need the login token (401, and 429 after
    wrong ones: login_routes.py).
    """
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            replies: dict[str, Any] = operation.setdefault("responses", {})
            extra: dict[str, str] = dict(_ANY)
            if "requestBody" in operation:
                extra |= _WITH_BODY
            if method != "get":
                extra |= _CHANGING
            if path.startswith("/api/"):  # a query parameter the operation does not read
                extra |= _PARAMETERS
            if (method.upper(), path) in busy:
                extra |= BUSY
            if (method.upper(), path) in storing:
                extra |= _DISK_FULL
            if (method.upper(), path) in login:
                extra = _LOGIN | extra  # a busy queue's 429 says more than the login's
            for code, description in extra.items():
                reply = replies.setdefault(code, {"description": description})
                if reply.get("description") == HTTPStatus(int(code)).phrase:  # FastAPI's word
                    reply["description"] = description
            for code, reply in replies.items():
                if not code.startswith("2"):
                    description = reply.get("description") or "Error"
                    if description == "Validation Error":
                        description = _PARAMETERS["422"]
                    replies[code] = _error(description, retry=code in BUSY)
    components = schema.get("components", {}).get("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)
    return schema


def error_replies(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """A route's `responses`: these statuses answer with an ErrorResponse body."""
    return {status: {"model": ErrorResponse} for status in statuses}


PYTHON = "text/x-python"
PYTHON_FILE: dict[int | str, dict[str, Any]] = {200: {"content": {PYTHON: {}}}}
