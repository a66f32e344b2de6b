"""POST /api/runs once per Idempotency-Key (store/request_keys.py): a request sent again with the
key of one that made a run gets that run's reply, marked Idempotent-Replayed, and no second run."""

import hashlib
import json
import logging
import re
import sqlite3
from collections.abc import Callable
from typing import Annotated, TypeVar

from fastapi import Depends, Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ValidationError
from starlette.concurrency import run_in_threadpool

from torchcanvas.api.bodies import RunCreated, RunRequest
from torchcanvas.api.deps import OwnerDep, ServicesDep
from torchcanvas.problems import Conflict, Invalid
from torchcanvas.store.db import Database
from torchcanvas.store.owners import digest
from torchcanvas.store.request_keys import RequestKeys

log = logging.getLogger(__name__)
_KEY = re.compile(r"[A-Za-z0-9_-]{8,100}")
HOW = "a new random one for each new run, the same one for a request sent again"
REPLAYED = {"Idempotent-Replayed": "true"}

RequestKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",  # its length checked with the rest (_checked), said in words
        description="Optional: 8 to 100 letters, digits, - or _; " + HOW + ". A request sent "
        "again with the key of one that made a run (within a day) gets that run's reply, with "
        "Idempotent-Replayed: true, and no second run is made.",
    ),
]
Made = TypeVar("Made", bound=RunCreated)
# What makes the reply: given where to say it as soon as what it makes exists (a run queued),
# before the rest of its reply (warnings) is known.
Maker = Callable[[Callable[[Made], None]], Made]


class KeyMisused(Conflict):
    """A key sent again with another request, or while its first request is still under way."""


def _checked(key: str) -> str:
    if not _KEY.fullmatch(key):
        raise Invalid(
            f"The Idempotency-Key header must be 8 to 100 letters, digits, - or _: {HOW}."
        )
    return key


class Replayed(Exception):
    """A request sent again whose key made its run: answered with that run's reply at once."""

    def __init__(self, reply: str) -> None:
        super().__init__("a request sent again")
        self.reply = reply


def replayed(reply: str) -> JSONResponse:
    return JSONResponse(json.loads(reply), status_code=201, headers=REPLAYED)


def _body_hash(request: BaseModel) -> str:
    return hashlib.sha256(request.model_dump_json().encode()).hexdigest()


async def replay_first(
    http: Request, services: ServicesDep, owner: OwnerDep, key: RequestKey = None
) -> None:
    """A dependency of POST /api/runs, before it waits for a CPU slot or checks the disk, which
    only a new run needs: a request sent again whose key made its run gets that run's reply
    (raised as Replayed), though the server is busy or its disk nearly full (they refused it).

    The body is read as the route reads it, but here only with a key: declared as a parameter,
    each of its mistakes would be said twice, the route's and this one's."""
    if key is None:
        return
    key, body = _checked(key), await http.body()
    # Off the event loop: a large design takes a while to read, and the database may be busy.
    reply = await run_in_threadpool(_made_reply, services.db, digest(owner), key, body)
    if reply is not None:
        raise Replayed(reply)


def _made_reply(db: Database, owner: str, key: str, body: bytes) -> str | None:
    """The reply of the run this same request made with this key, if it made one."""
    try:
        request = RunRequest.model_validate_json(body)
    except ValidationError:  # the route says what is wrong with it
        return None
    return RequestKeys(db).reply(owner, key, _body_hash(request))


ReplayFirst = Depends(replay_first)


def once_per_key(
    db: Database, owner: str, key: str | None, request: BaseModel, make: Maker[Made]
) -> Made | JSONResponse:
    """`make`'s reply, unless the key's request made it already: that reply again."""
    if key is None:
        return make(lambda _: None)
    key, owner = _checked(key), digest(owner)  # as every owner is stored: its hash
    body_hash = _body_hash(request)
    keys = RequestKeys(db)
    claim = keys.claim(owner, key, body_hash)
    if claim.body_hash != body_hash:
        raise KeyMisused(
            "This Idempotency-Key was sent before with another design or settings: send a new "
            "key for a new run."
        )
    if claim.state == "making":
        raise KeyMisused(
            "The first request with this Idempotency-Key is still making its run: send it again "
            "in a moment for its reply."
        )
    if claim.reply is not None:
        return replayed(claim.reply)
    exists: list[bool] = []

    def keep(reply: RunCreated) -> None:
        exists.append(True)
        try:
            keys.keep(owner, key, reply.model_dump_json(), reply.id)
        except (sqlite3.Error, OSError) as exc:  # a full disk: the claim lapses (request_keys.py)
            log.warning("the reply to Idempotency-Key %s could not be kept: %s", key[-4:], exc)

    try:
        made = make(keep)
    except BaseException:
        if not exists:  # refused, or failed before it made anything: the key may be sent again
            keys.release(owner, key)
        raise
    keep(made)  # the whole reply, with what was said after it was made
    return made
