"""A query parameter that no API route takes is refused, not ignored.

A script that spells a parameter wrong (`?stauts=failed`, `?limt=5`) was answered as if it had
sent none: every run, the first page, and nothing said. Each /api route's query names are found
in its dependencies (a query model's fields too), so a new parameter needs no list kept by hand;
a name outside them is a 422 over HTTP, and closes a websocket with 4422 and the same words. So
is a parameter of one value given twice (`?limit=1&limit=2`), of which the last was taken.
"""

from collections import Counter
from dataclasses import dataclass
from types import UnionType
from typing import Any, Union, get_args, get_origin

from fastapi import WebSocketException
from fastapi.dependencies.models import Dependant
from pydantic import BaseModel
from starlette.requests import HTTPConnection
from starlette.routing import BaseRoute

from torchcanvas.api.websocket_refusal import WS_INVALID
from torchcanvas.problems import Invalid

_SHOWN = 40  # a name longer than this is cut short where the message says it
_SEQUENCES = (list, set, frozenset, tuple)


@dataclass(frozen=True)
class QueryNames:
    """A route's query parameters in the order declared, and those that may be given more than
    once (a list: `status` of GET /api/runs)."""

    names: tuple[str, ...]
    repeated: frozenset[str]


_NAMES = "_torchcanvas_query_names"  # where a route keeps its QueryNames, found once
_BODIES = ("POST", "PUT", "PATCH")  # a name meant for the body may have gone to the query


def _is_sequence(annotation: Any) -> bool:
    """Whether a parameter's type is a list (or an optional one): one value for each time given."""
    kinds = get_args(annotation) if get_origin(annotation) in (Union, UnionType) else (annotation,)
    return any(kind in _SEQUENCES or get_origin(kind) in _SEQUENCES for kind in kinds)


def _query_names(dependant: Dependant) -> dict[str, bool]:
    """The query parameters a route's dependencies read (a query model's fields each), in the
    order they are declared, each with whether it may repeat."""
    names: dict[str, bool] = {}
    for param in dependant.query_params:
        model = param.field_info.annotation
        if isinstance(model, type) and issubclass(model, BaseModel):
            for name, field in model.model_fields.items():
                names[field.alias or name] = _is_sequence(field.annotation)
        else:
            names[param.alias] = _is_sequence(model)
    for inner in dependant.dependencies:
        names.update(_query_names(inner))
    return names


def _route_names(route: BaseRoute, dependant: Dependant) -> QueryNames:
    """The route's query names, found in its dependencies once and kept on it (they never
    change): by the route's id, an app's route made in a test and freed gave its id away."""
    known = getattr(route, _NAMES, None)
    if not isinstance(known, QueryNames):
        names = _query_names(dependant)
        repeated = frozenset(name for name, many in names.items() if many)
        known = QueryNames(tuple(names), repeated)
        setattr(route, _NAMES, known)
    return known


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _shown(name: str) -> str:
    return name if len(name) <= _SHOWN else f"{name[:_SHOWN]}…"


def unknown_query_message(operation: str, unknown: list[str], known: tuple[str, ...]) -> str:
    """ "stauts: not a query parameter of GET /api/runs, which takes limit, …" (the first of the
    names, and how many more there are); an operation with a body says where its fields go."""
    first = _shown(unknown[0])
    more = f" (and {len(unknown) - 1:,} more)" if len(unknown) > 1 else ""
    body = (
        "; send the body's fields in the body, not the query"
        if operation.startswith(_BODIES)
        else ""
    )
    if not known:
        them = "them" if more else "it"
        return f"{first}{more}: {operation} takes no query parameters; leave {them} out{body}."
    takes = _listed(list(known))
    return f"{first}{more}: not a query parameter of {operation}, which takes {takes}{body}."


def repeated_message(name: str, times: int, known: QueryNames) -> str:
    """ "limit: sent 2 times; send it once (only status may repeat)." """
    lists = sorted(known.repeated)
    only = f" (only {_listed(lists)} may repeat)" if lists else ""
    return f"{_shown(name)}: sent {times:,} times; send it once{only}."


def _problem(connection: HTTPConnection, known: QueryNames) -> str | None:
    """What is wrong with the request's query: a name the route does not read, or one that
    takes one value given more than once (the last was taken, the others dropped unsaid)."""
    route = connection.scope.get("route")
    path = getattr(route, "path", connection.url.path)
    if connection.scope["type"] == "websocket":
        operation = f"the websocket {path}"
    else:
        operation = f"{connection.scope.get('method', 'GET')} {path}"
    given = Counter(name for name, _ in connection.query_params.multi_items() if name)
    unknown = [name for name in given if name not in known.names]
    if unknown:
        return unknown_query_message(operation, unknown, known.names)
    twice = next((n for n, times in given.items() if times > 1 and n not in known.repeated), None)
    return None if twice is None else repeated_message(twice, given[twice], known)


async def known_query(connection: HTTPConnection) -> None:
    """Refuses an API request whose query names a parameter its route does not read, or gives
    one that takes one value more than once (an app dependency: it runs before the route's)."""
    route = connection.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if not connection.url.path.startswith("/api/") or not isinstance(route, BaseRoute):
        return
    if not isinstance(dependant, Dependant):
        return
    problem = _problem(connection, _route_names(route, dependant))
    if problem is None:
        return
    if connection.scope["type"] == "websocket":
        raise WebSocketException(WS_INVALID, problem)
    raise Invalid(problem)
