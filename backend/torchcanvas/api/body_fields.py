"""The fields a request body takes at a point inside it, read from the API's own schema: what an
"unknown field" error lists, so that a misspelt field comes back with the right spelling."""

import re
from typing import Any

from starlette.requests import Request

from torchcanvas.api.body_limit import path_pattern


def allowed_fields(request: Request, loc: tuple[Any, ...]) -> list[str]:
    """The fields of the object at `loc` (a body error's location without its last part) in the
    request's JSON body; [] where the schema does not say."""
    schema = request.app.openapi()
    node = _json_body(schema, request)
    for part in loc:
        if node is None:
            return []
        node = _inside(schema, node, part)
    node = _object(schema, node) if node is not None else None
    return list(node.get("properties", {})) if node is not None else []


def _json_body(schema: dict[str, Any], request: Request) -> dict[str, Any] | None:
    for template, operations in schema["paths"].items():
        if re.fullmatch(path_pattern(template), request.url.path):
            operation = operations.get(request.method.lower(), {})
            content = operation.get("requestBody", {}).get("content", {})
            body = content.get("application/json", {}).get("schema")
            return body if isinstance(body, dict) else None
    return None


def _resolved(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _object(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any] | None:
    """The object schema among `node`'s choices (an optional object is one of two)."""
    node = _resolved(schema, node)
    if "properties" in node:
        return node
    for choice in node.get("anyOf", []) + node.get("allOf", []):
        found = _object(schema, choice)
        if found is not None:
            return found
    return None


def _inside(schema: dict[str, Any], node: dict[str, Any], part: Any) -> dict[str, Any] | None:
    """The schema of `part` (a field name, or a list index) inside `node`."""
    node = _resolved(schema, node)
    choices = [node, *(_resolved(schema, c) for c in node.get("anyOf", []))]
    for choice in choices:
        if isinstance(part, int) and "items" in choice:
            return dict(choice["items"])
        if isinstance(part, str) and part in choice.get("properties", {}):
            return dict(choice["properties"][part])
        if isinstance(part, str) and isinstance(choice.get("additionalProperties"), dict):
            return dict(choice["additionalProperties"])
    return None
