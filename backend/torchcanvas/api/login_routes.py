"""Which operations need the login token: found in the routes' dependencies, not listed by hand.

A route needs the login by depending on `require_login` (deps.py), directly or through a
dependency of its own. Its 401 and the 429 of wrong bearer tokens are documented from that
(replies.py), so a new route that needs the login cannot leave them out of the schema.
"""

from collections.abc import Iterable

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from starlette.routing import BaseRoute

from torchcanvas.api.deps import require_login


def _needs_login(dependant: Dependant) -> bool:
    return any(
        inner.call is require_login or _needs_login(inner) for inner in dependant.dependencies
    )


def login_operations(routes: Iterable[BaseRoute]) -> set[tuple[str, str]]:
    """The (METHOD, path) of every operation whose route depends on the login (an app's routes
    hold its routers as they were included: their routes are walked with their prefixes)."""
    return {
        (method, str(route.path_format))
        for route in iter_route_contexts(list(routes))
        if isinstance(route.original_route, APIRoute) and _needs_login(route.dependant)
        for method in route.methods or ()
    }
