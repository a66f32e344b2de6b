"""What is wrong with a body that is no JSON object at all, and how to send it instead."""

from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError

FASTAPI_UNPARSED = "There was an error parsing the body"  # FastAPI's words for any of these

# How a body's JSON type is named to its sender.
_KINDS = {
    "list": "a list",
    "str": "text",
    "int": "a number",
    "float": "a number",
    "NoneType": "null",
    "bool": "true or false",
}


def whole_body_problem(request: Request, exc: RequestValidationError) -> tuple[int, str] | None:
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
    return 422, f"The body is {_KINDS.get(kind, kind)}, not a JSON object: send an object, {{...}}."


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
