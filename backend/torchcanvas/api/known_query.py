"""A query parameter that no API route takes is refused, not ignored.

A script that spells a parameter wrong (`?stauts=failed`, `?limt=5`) was answered as if it had
sent none: every run, the first page, and nothing said. Each /api route's query names are found
in its dependencies (a query model's fields too), so a new parameter needs no list kept by hand;
a name outside them is a 422 over HTTP, and closes a websocket with 4422 and the same words.
"""

from fastapi import WebSocketException
from fastapi.dependencies.models import Dependant
from pydantic import BaseModel
from starlette.requests import HTTPConnection

from torchcanvas.api.websocket_refusal import WS_INVALID
from torchcanvas.problems import Invalid

_SHOWN = 40  # a name longer than this is cut short where the message says it
_names_of: dict[int, tuple[str, ...]] = {}  # by the route's id: its dependencies never change


def _query_names(dependant: Dependant) -> dict[str, None]:
    """The query parameters a route's dependencies read, a query model's fields each, in the
    order they are declared."""
    names: dict[str, None] = {}
    for param in dependant.query_params:
        model = param.field_info.annotation
        if isinstance(model, type) and issubclass(model, BaseModel):
            names.update(dict.fromkeys(f.alias or n for n, f in model.model_fields.items()))
        else:
            names[param.alias] = None
    for inner in dependant.dependencies:
        names.update(_query_names(inner))
    return names


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def unknown_query_message(operation: str, unknown: list[str], known: tuple[str, ...]) -> str:
    """ "stauts: not a query parameter of GET /api/runs, which takes limit, …" (the first of the
    names, and how many more there are)."""
    first = unknown[0] if len(unknown[0]) <= _SHOWN else f"{unknown[0][:_SHOWN]}…"
    more = f" (and {len(unknown) - 1:,} more)" if len(unknown) > 1 else ""
    if not known:
        them = "them" if more else "it"
        return f"{first}{more}: {operation} takes no query parameters; leave {them} out."
    takes = _listed(list(known))
    return f"{first}{more}: not a query parameter of {operation}, which takes {takes}."


async def known_query(connection: HTTPConnection) -> None:
    """Refuses an API request whose query names a parameter its route does not read (an app
    dependency: it runs before the route's own)."""
    route = connection.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if not connection.url.path.startswith("/api/") or not isinstance(dependant, Dependant):
        return
    known = _names_of.get(id(route))
    if known is None:
        known = _names_of[id(route)] = tuple(_query_names(dependant))
    asked = dict.fromkeys(name for name in connection.query_params if name)
    unknown = [name for name in asked if name not in known]
    if not unknown:
        return
    if connection.scope["type"] == "websocket":
        operation = f"the websocket {getattr(route, 'path', connection.url.path)}"
        raise WebSocketException(WS_INVALID, unknown_query_message(operation, unknown, known))
    method = connection.scope.get("method", "GET")
    operation = f"{method} {getattr(route, 'path', connection.url.path)}"
    raise Invalid(unknown_query_message(operation, unknown, known))
