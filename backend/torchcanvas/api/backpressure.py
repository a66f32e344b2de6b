"""A bounded queue in front of the work that costs CPU: validate, code, new runs' checks, exports,
predict, uploads.

At most `slots` such requests run at once and at most `queue` wait for a slot; any more get 503
at once with Retry-After, rather than piling up until every request (health included) is slow.
A request that has waited `max_wait` seconds without a slot gets the same 503: when the work
arrives faster than it is done, the queue stays full, and a place in it must not mean an answer
seconds later. Clients take turns at the free slots (cpu_turns.py), and one client holds at most
`per_client` places in the queue, so that one script cannot fill it (429 past them: the client's
own doing). Waiting happens on the event loop, so a waiting request holds no thread.
"""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, HTTPException
from starlette.requests import HTTPConnection

from torchcanvas.api.cpu_turns import CpuTurns, Waiter
from torchcanvas.api.deps import client_address, current_owner

RETRY_AFTER_SECONDS = 1
MAX_WAIT_SECONDS = 1.0  # in the queue; with the work itself, every answer comes within ~3 s


def client_of(connection: HTTPConnection) -> str:
    """Who a request is, for taking turns: the owner identity of the cookie this server issued
    it, else its address. Without one, or with one it made up, each request would be a new
    client: it is given a fresh identity, or names one at will (access.py)."""
    owner = current_owner(connection)
    return f"owner {owner}" if owner.issued else f"address {client_address(connection)}"


class CpuGate:
    """At most `slots` holders at once, at most `queue` waiting, `per_client` of them one
    client's (by default an eighth of the queue, at least 2); the rest are refused."""

    def __init__(
        self,
        slots: int,
        queue: int,
        max_wait: float = MAX_WAIT_SECONDS,
        per_client: int | None = None,
    ) -> None:
        self.free = slots
        self.queue = queue
        self.max_wait = max_wait
        self.per_client = max(2, queue // 8) if per_client is None else per_client
        self._turns = CpuTurns()

    @property
    def waiting(self) -> int:
        return len(self._turns)

    def _busy(self, why: str, status: int = 503) -> HTTPException:
        """503 while the server is busy; 429 where the client itself holds its share."""
        said = "The server is busy" if status == 503 else "Too many requests at once"
        return HTTPException(
            status,
            detail=(
                f"{said}: {why} to check designs, export, predict or read uploads. "
                f"Try again in {RETRY_AFTER_SECONDS} s."
            ),
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )

    def refuse_if_full(self, connection: HTTPConnection) -> None:
        """503 while no slot is free and the queue, or the client's share of it, is full. Also
        for a request that sends much before it needs a slot (an upload): refused at once, before
        its body, not after seconds of sending it (a review's 150 MB uploads were refused after 10
        and 19 s)."""
        if self.free:
            return
        if self.waiting >= self.queue:
            raise self._busy(f"{self.waiting} requests already wait")
        mine = self._turns.of(client_of(connection))
        if mine >= self.per_client:
            why = f"{mine} requests of yours already wait (at most {self.per_client})"
            raise self._busy(why, 429)  # the client's own doing: a 4xx

    @asynccontextmanager
    async def slot(self, connection: HTTPConnection) -> AsyncIterator[None]:
        self.refuse_if_full(connection)
        client = client_of(connection)
        if self.free and not self.waiting:
            self.free -= 1
        else:
            await self._wait_turn(client)
        try:
            yield
        finally:
            self._release(client)

    async def _wait_turn(self, client: str) -> None:
        """Until a slot is handed over; 503 after `max_wait`. A request cancelled as it waits
        (its client left) leaves the line, or hands on a slot given to it meanwhile."""
        waiter = self._turns.wait(client)
        try:
            await asyncio.wait({waiter.future}, timeout=self.max_wait)
        except BaseException:
            self._give_up(waiter)
            raise
        if not waiter.future.done():
            self._give_up(waiter)
            raise self._busy(f"this request waited {self.max_wait:g} s for its turn")

    def _give_up(self, waiter: Waiter) -> None:
        if waiter.future.done():  # handed a slot as it gave up: the next one takes it
            self._release(waiter.client)
        else:
            waiter.future.cancel()
            self._turns.leave(waiter)

    def _release(self, client: str) -> None:
        """`client`'s slot goes to the next in turn: its turn counts from now, so everyone who
        waits already goes before its next request."""
        self._turns.served(client)
        if not self._turns.hand_over():
            self.free += 1


def cpu_gate(connection: HTTPConnection) -> CpuGate:
    gate: CpuGate = connection.app.state.cpu_gate
    return gate


async def cpu_slot(
    connection: HTTPConnection, gate: Annotated[CpuGate, Depends(cpu_gate)]
) -> AsyncIterator[None]:
    """A dependency that holds one CPU slot while the route runs."""
    async with gate.slot(connection):
        yield


CpuSlot = Depends(cpu_slot)
