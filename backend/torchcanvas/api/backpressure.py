"""A bounded queue in front of the work that costs CPU: validate, code, new runs' checks, exports,
predict, uploads.

At most `slots` such requests run at once and at most `queue` wait for a slot; any more get 503
at once with Retry-After, rather than piling up until every request (health included) is slow.
A request that has waited `max_wait` seconds without a slot gets the same 503: when the work
arrives faster than it is done, the queue stays full, and a place in it must not mean an answer
seconds later. Waiting happens on the event loop, so a waiting request holds no thread.
"""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, HTTPException
from starlette.requests import HTTPConnection

RETRY_AFTER_SECONDS = 1
MAX_WAIT_SECONDS = 1.0  # in the queue; with the work itself, every answer comes within ~3 s


class CpuGate:
    """At most `slots` holders at once, at most `queue` waiting; the rest are refused."""

    def __init__(self, slots: int, queue: int, max_wait: float = MAX_WAIT_SECONDS) -> None:
        self._slots = asyncio.Semaphore(slots)
        self.queue = queue
        self.max_wait = max_wait
        self.waiting = 0

    def _busy(self, why: str) -> HTTPException:
        return HTTPException(
            503,
            detail=(
                f"The server is busy: {why} to check designs, export, predict or read uploads. "
                f"Try again in {RETRY_AFTER_SECONDS} s."
            ),
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )

    def refuse_if_full(self) -> None:
        """For a request that sends much before it needs a slot (an upload): refused at once
        while the queue is full, before its body, not after seconds of sending it (a review's
        150 MB uploads were refused after 10 and 19 s)."""
        if self._slots.locked() and self.waiting >= self.queue:
            raise self._busy(f"{self.waiting} requests already wait")

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        self.refuse_if_full()
        self.waiting += 1
        try:
            await asyncio.wait_for(self._slots.acquire(), self.max_wait)
        except TimeoutError:
            raise self._busy(f"this request waited {self.max_wait:g} s for its turn") from None
        finally:
            self.waiting -= 1
        try:
            yield
        finally:
            self._slots.release()


def cpu_gate(connection: HTTPConnection) -> CpuGate:
    gate: CpuGate = connection.app.state.cpu_gate
    return gate


async def cpu_slot(gate: Annotated[CpuGate, Depends(cpu_gate)]) -> AsyncIterator[None]:
    """A dependency that holds one CPU slot while the route runs."""
    async with gate.slot():
        yield


CpuSlot = Depends(cpu_slot)
