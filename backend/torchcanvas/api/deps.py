"""What routes depend on, declared once: the services, the caller, and the run a request names.

Only a run's owner reads it: its record, events, files, results, predictions and model page.
Every per-run read depends on `ReadableRun`, which answers 404 alike for a run that does not
exist and for someone else's, so that run ids cannot be probed through what they let you read.
Actions (cancel, pause, resume, continue, rename, delete, share, revoke) depend on `owned_run`,
which answers 403 with what to do instead: a stranger learns only that the id exists (64 random
bits, not guessable) and nothing of the run. Anyone else sees a model only through a live share
link, as a `SharedRun` under /api/shared/<token>/.
"""

import ipaddress
import re
from collections.abc import Callable
from typing import Annotated, NoReturn

from fastapi import Depends, HTTPException, Request, WebSocketException
from starlette.requests import HTTPConnection

from torchcanvas.api.access import LOGIN_COOKIE, Owner, address_hash
from torchcanvas.api.disk import require_disk_space
from torchcanvas.api.services import Services, get_services
from torchcanvas.runs.errors import RunDeleted, RunNotFound
from torchcanvas.store.damaged import DamagedRecord
from torchcanvas.store.owners import NotOwner, OwnerStore, logged_in
from torchcanvas.store.runs import Run
from torchcanvas.store.shares import ShareStore
from torchcanvas.store.tombstones import deleted_by

ServicesDep = Annotated[Services, Depends(get_services)]
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9._~+/-]{0,19}")  # Basic, Token, Digest…: said back
WS_DAMAGED = 4409  # a websocket's run has a damaged record (as 409 over HTTP): deleting it is all


def current_owner(connection: HTTPConnection) -> Owner:
    """The caller's owner identity, which AccessMiddleware has set from its cookie (or made),
    and whether this server issued it."""
    owner: Owner = connection.state.owner
    return owner


OwnerDep = Annotated[Owner, Depends(current_owner)]


def login_hint() -> str:
    return (
        "This TorchCanvas needs a login token before you can train, upload or change datasets, "
        'or make a class: enter it in the app, or POST it to /api/login as {"token": "…"} (API '
        'clients may send "Authorization: Bearer <token>" instead). The token is the server\'s '
        "TORCHCANVAS_TOKEN; ask whoever runs it."
    )


def client_address(request: HTTPConnection) -> str:
    """The client's address, which throttles and the queue's shares count by: the proxy's
    forwarded one where the server trusts the proxy (TORCHCANVAS_TRUST_PROXY). An IPv6 client
    counts by its /64, the block one connection is given: by address, a script took a new one
    for each owner's quota of runs."""
    host = request.client.host if request.client else "unknown"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if address.version == 6 and address.ipv4_mapped is None:
        return str(ipaddress.ip_network(f"{host}/64", strict=False))
    return host


def has_logged_in(request: Request, services: Services, owner: str) -> bool:
    """Whether the deployment needs no token, or the request shows it. A bearer token is a guess
    at the login token as much as /api/login's is, and is throttled with them (429)."""
    token = services.settings.login_token
    if token is None:
        return True
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        address = client_address(request)
        services.login_throttle.attempt(
            owner, address
        )  # counted before the look: parallel tries too
        if logged_in(token, owner, None, auth[7:].strip()):
            services.login_throttle.forgive(owner, address)
            return True
    return logged_in(token, owner, request.cookies.get(LOGIN_COOKIE), None)


def ceiling_address(request: Request, services: Services, owner: Owner) -> str | None:
    """The hashed client address whose ceiling (address_ceiling.py) the caller's uploads and runs
    count in; None for a request that shows the server's TORCHCANVAS_TOKEN, whose sender the
    server's owner trusts with it."""
    if services.settings.login_token is not None and has_logged_in(request, services, owner):
        return None
    return address_hash(services.owner_key, client_address(request))


def _refused_login(request: Request) -> str:
    """Why a request that needs the login was refused: the token it sent is wrong, it was sent
    in a way this server does not read, or none was sent. A header's text is never echoed but
    for a scheme that looks like one: a bare token would be half shown in the reply."""
    header = request.headers.get("authorization", "").strip()
    scheme, _, sent = header.partition(" ")
    if scheme.lower() == "bearer" and sent.strip():
        return (
            "The login token in the Authorization header is wrong: check it for typos, or ask "
            "whoever runs this TorchCanvas for its token (the server's TORCHCANVAS_TOKEN)."
        )
    send = "send `Authorization: Bearer <token>` with the server's login token (TORCHCANVAS_TOKEN)"
    if scheme.lower() == "bearer":
        return f"The Authorization header says Bearer but no token after it: {send}."
    if header and (not sent.strip() or not _SCHEME.fullmatch(scheme)):
        return f"The Authorization header holds no scheme this server reads: {send}."
    if header:
        return f"The Authorization header's scheme `{scheme}` is not one this server reads: {send}."
    return login_hint()


def require_login(request: Request, services: ServicesDep, owner: OwnerDep) -> None:
    """401 unless the deployment needs no token, or the request shows it."""
    if not has_logged_in(request, services, owner):
        detail = _refused_login(request)
        raise HTTPException(401, detail=detail, headers={"WWW-Authenticate": "Bearer"})


# What every route that starts training depends on: creating a run and continuing one.
LOGGED_IN = Depends(require_login)
STARTS_TRAINING = [LOGGED_IN, Depends(require_disk_space)]


def readable_run(
    run_id: str, connection: HTTPConnection, services: ServicesDep, owner: OwnerDep
) -> Run:
    """A dependency of every per-run read, HTTP or websocket: the caller's own run, else 404.

    Someone else's run answers exactly as a missing one (a websocket closes with 4404 before
    it is accepted), so a stranger cannot tell which run ids exist by reading them.
    """
    try:
        run = services.run_service.find(run_id)
    except DamagedRecord:
        if not OwnerStore(services.db).owns(run_id, owner):
            raise_missing(connection, RunNotFound(run_id))
        if connection.scope["type"] == "websocket":
            reason = f"Run {run_id}'s record in the database is damaged: delete it."
            raise WebSocketException(code=WS_DAMAGED, reason=reason) from None
        raise  # 409, saying which columns and what to do
    if run is None or not OwnerStore(services.db).owns(run_id, owner):
        # Read again: a run deleted between the two reads is its owner's 410, not a 404.
        gone = run is None or services.run_service.store.status(run_id) is None
        raise_missing(
            connection, missing_run(services, run_id, owner) if gone else RunNotFound(run_id)
        )
    return run


def raise_missing(connection: HTTPConnection, missing: RunNotFound | RunDeleted) -> NoReturn:
    """Raises why a run cannot be read: as it is over HTTP, as a close code on a websocket."""
    if connection.scope["type"] == "websocket":
        code = 4410 if isinstance(missing, RunDeleted) else 4404
        raise WebSocketException(code=code, reason=str(missing))
    raise missing


def missing_run(services: Services, run_id: str, owner: str) -> RunNotFound | RunDeleted:
    """Why there is no run `run_id`: the caller deleted it (410, and when), or 404 as for a run
    that never was, to anyone else."""
    deleted_at = deleted_by(services.db, run_id, owner)
    return RunNotFound(run_id) if deleted_at is None else RunDeleted(run_id, deleted_at)


ReadableRun = Annotated[Run, Depends(readable_run)]


def owned_run(action: str) -> Callable[[str, Services, Owner], Run]:
    """A dependency of actions: the run of the path's run_id, or 404, or 403 unless it is the
    caller's (NotOwner says which action, and what to do instead)."""

    def owned(run_id: str, services: ServicesDep, owner: OwnerDep) -> Run:
        try:
            run = services.run_service.get(run_id)
        except RunNotFound:
            raise missing_run(services, run_id, owner) from None
        except DamagedRecord:  # its owner is told it is damaged; anyone else only 403
            OwnerStore(services.db).check(run_id, owner, action)
            raise
        _check_owner(services, run_id, owner, action)
        return run

    return owned


def _check_owner(services: Services, run_id: str, owner: str, action: str) -> None:
    """NotOwner (403) unless the run is the caller's; the caller's 410 (else 404) where it was
    deleted since it was read: its owner row goes with it, and read as someone else's."""
    try:
        OwnerStore(services.db).check(run_id, owner, action)
    except NotOwner:
        if services.run_service.store.status(run_id) is None:
            raise missing_run(services, run_id, owner) from None
        raise


def owned_run_id(action: str) -> Callable[[str, Services, Owner], str]:
    """A dependency of an action that needs no readable record (delete, which a run whose record
    is damaged needs): the path's run_id, or 404, or 403 unless the run is the caller's."""

    def owned(run_id: str, services: ServicesDep, owner: OwnerDep) -> str:
        if services.run_service.store.status(run_id) is None:
            raise missing_run(services, run_id, owner)
        _check_owner(services, run_id, owner, action)
        return run_id

    return owned


def shared_run(token: str, services: ServicesDep, connection: HTTPConnection) -> Run:
    """The run a live share link opens; 404 for an unknown link, 410 for a revoked or expired one.
    Notes whether the caller owns it (`state.owns_shared`): its owner, opening their own link, is
    told of a problem as on their own page (errors.py), not as a visitor."""
    shares = ShareStore(services.db)
    try:
        run = services.run_service.get(shares.resolve(token))
    except RunNotFound:  # deleted since the link was read: the link says so now (410)
        shares.resolve(token)
        raise
    connection.state.owns_shared = OwnerStore(services.db).owns(run.id, connection.state.owner)
    return run


SharedRun = Annotated[Run, Depends(shared_run)]
