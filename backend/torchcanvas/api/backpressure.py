"""A bounded queue in front of the work that costs CPU: validate, code, exports, predict, uploads.

At most `slots` such requests run at once and at most `queue` wait for a slot; any more get 503
at once with Retry-After, rather than piling up until every request (health included) is slow.
Waiting happens on the event loop, so a waiting request holds no thread.
"""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, HTTPException
from starlette.requests import HTTPConnection

RETRY_AFTER_SECONDS = 1


class CpuGate:
    """At most `slots` holders at once, at most `queue` waiting; the rest are refused."""

    def __init__(self, slots: int, queue: int) -> None:
        self._slots = asyncio.Semaphore(slots)
        self.queue = queue
        self.waiting = 0

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        if self._slots.locked() and self.waiting >= self.queue:
            raise HTTPException(
                503,
                detail=(
                    f"The server is busy: {self.waiting} requests already wait to validate, "
                    f"export, predict or read uploads. Try again in {RETRY_AFTER_SECONDS} s."
                ),
                headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
            )
        self.waiting += 1
        try:
            await self._slots.acquire()
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
