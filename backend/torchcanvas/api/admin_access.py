"""Who is the server's admin: whoever shows TORCHCANVAS_ADMIN_TOKEN, a browser by the cookie
that POST /api/admin/login gives it, a script as a bearer token.

Without the setting there is no admin: every admin route answers 404, as a path that does not
exist. The cookie holds a proof tied to the browser's owner identity (as the login cookie's,
api/access.py), never the token. Wrong tokens are throttled apart from the login tokens, so
that a class's typos do not lock its teacher out of Stop.
"""

import hmac

from fastapi import HTTPException, Request

from torchcanvas.api.access import Owner
from torchcanvas.api.deps import OwnerDep, ServicesDep, client_address
from torchcanvas.api.services import Services
from torchcanvas.store.owners import logged_in

ADMIN_COOKIE = "torchcanvas_admin"
ADMIN_COOKIE_SECONDS = 12 * 3600  # a school day: a laptop left open is not an admin's for a year
_HOW = (
    "log in on the /admin page with the admin token (the server's TORCHCANVAS_ADMIN_TOKEN), or "
    'send it as "Authorization: Bearer <token>"'
)


def admin_token(services: Services) -> str:
    """The server's admin token; 404 where it has none (there is no admin)."""
    token = services.settings.admin_token
    if token is None:
        raise HTTPException(
            404,
            detail="This server has no admin: whoever runs it can set TORCHCANVAS_ADMIN_TOKEN "
            "to see and stop every run.",
        )
    return token


def check_admin_token(typed: str, request: Request, services: Services, owner: Owner) -> None:
    """401 unless `typed` is the admin token; 429 after too many wrong ones (counted before the
    look, so that tries sent together are all counted)."""
    token = admin_token(services)
    address = client_address(request)
    services.admin_throttle.attempt(owner, address)
    if not hmac.compare_digest(typed.strip().encode(), token.encode()):
        raise HTTPException(
            401,
            detail="That admin token is wrong: check it for typos. It is the server's "
            "TORCHCANVAS_ADMIN_TOKEN, which whoever runs it chose.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    services.admin_throttle.forgive(owner, address)


def require_admin(request: Request, services: ServicesDep, owner: OwnerDep) -> None:
    """A dependency of every admin route: 404 without an admin token set; 401 unless the request
    shows it, as a bearer token or by the cookie of /api/admin/login."""
    token = admin_token(services)
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        check_admin_token(auth[7:], request, services, owner)
        return
    if not logged_in(token, owner, request.cookies.get(ADMIN_COOKIE), None):
        raise HTTPException(
            401,
            detail=f"Only the server's admin may do this: {_HOW}.",
            headers={"WWW-Authenticate": "Bearer"},
        )
