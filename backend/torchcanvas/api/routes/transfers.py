"""Taking your runs to another browser: a code made in one, typed in the other (store/transfers.py)."""

from fastapi import APIRouter, HTTPException, Request, Response
from pydantic import BaseModel, Field

from torchcanvas.api.access import (
    LOGIN_COOKIE,
    cookie_header,
    owner_cookie_name,
    owner_cookie_value,
)
from torchcanvas.api.bodies import REQUEST
from torchcanvas.api.crosssite import is_https
from torchcanvas.api.deps import OwnerDep, ServicesDep, client_address, has_logged_in
from torchcanvas.api.replies import error_replies
from torchcanvas.store.owners import OwnerStore, login_proof
from torchcanvas.store.transfers import TRANSFER_SECONDS, TransferStore
from torchcanvas.store.uploads import UploadStore

router = APIRouter(prefix="/api/transfers", tags=["session"])


class TransferCode(BaseModel):
    code: str = Field(description="Type it in the other browser: it works once.")
    expires_at: float = Field(description="When it stops working (seconds since the epoch).")


class ClaimRequest(BaseModel):
    model_config = REQUEST

    code: str = Field(max_length=64, description="The code the other browser showed.")


class Claimed(BaseModel):
    runs: int = Field(description="The runs this browser now has, its own and the other's.")


def wrong_code_message() -> str:
    minutes = round(TRANSFER_SECONDS / 60)
    return (
        "That code is wrong, used or expired (a code works once, for "
        f"{minutes} minutes): make a new one in the browser that has your runs, and type it here."
    )


@router.post("", status_code=201, responses=error_replies(409))
def make_code(services: ServicesDep, owner: OwnerDep) -> TransferCode:
    """A code that brings this browser's runs and uploads to another browser; a new code ends
    the ones made before it. A browser with neither has nothing to bring (409): so a script
    that drops its cookie cannot fill the table with codes."""
    if not OwnerStore(services.db).runs_of(owner) and not UploadStore(services.db).owned(owner):
        raise HTTPException(
            409,
            detail="This browser has no runs or uploads yet, so there is nothing to bring to "
            "another browser: make the code in the browser that has your runs, or type a code "
            "from it here.",
        )
    code, expires_at = TransferStore(services.db).make(owner)
    return TransferCode(code=code, expires_at=expires_at)


@router.post("/claim", responses=error_replies(404, 429))
def claim(
    body: ClaimRequest, request: Request, response: Response, services: ServicesDep, owner: OwnerDep
) -> Claimed:
    """Makes this browser the owner identity the code was made in: the runs and uploads this
    browser had come along, so both browsers then see all of them."""
    address = client_address(request)
    services.code_throttle.attempt(owner, address)  # counted before the look: parallel tries too
    target = TransferStore(services.db).redeem(body.code)
    if target is None:
        raise HTTPException(404, detail=wrong_code_message())
    services.code_throttle.forgive(owner, address)
    if target != owner:
        services.run_service.join_owners(owner, target)
    secure = is_https(request.scope)
    given = owner_cookie_value(services.owner_key, target)
    response.headers.append("set-cookie", cookie_header(owner_cookie_name(secure), given, secure))
    token = services.settings.login_token
    if token is not None and has_logged_in(request, services, owner):
        proof = login_proof(token, target)  # the login goes with the identity
        response.headers.append("set-cookie", cookie_header(LOGIN_COOKIE, proof, secure))
    return Claimed(runs=len(OwnerStore(services.db).runs_of(target)))
