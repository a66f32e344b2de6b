"""What uploads hold on the data disk while they arrive: bounded together for the whole process.

A dataset upload, a set sent to Classify many and a picture sent to Try it each wait in a
temporary file on the data disk until they are answered. Each is bounded by its own limit; all
of them together may hold `budget` bytes (TORCHCANVAS_MAX_SPOOL_BYTES_IN_FLIGHT), so that many
connections at once cannot each hold 50 MB there. A request counts the bytes its Content-Length
declares (at most its own limit) before it reads any, and more if more arrive; one that would
pass the budget gets 503 with Retry-After, as a request finding no CPU slot does. Its bytes count
until it has been answered, however it ends: answered, refused, failed, or its client gone.
Their routes also keep the disk's free space (`require_disk_space`, api/disk.py).
"""

from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager

from fastapi import HTTPException, Request

RETRY_AFTER_SECONDS = 5  # an upload that holds the budget takes seconds to arrive


def busy_message(budget: int) -> str:
    return (
        f"The server is receiving {budget / 2**20:,.0f} MiB of uploads at once, as much as it "
        "keeps on its disk (TORCHCANVAS_MAX_SPOOL_BYTES_IN_FLIGHT): send this again in a moment."
    )


class SpoolBudget:
    """The bytes that uploads being received hold on the data disk, at most `budget` together.
    Used on the event loop only, so its counter needs no lock."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.in_flight = 0  # bytes counted by the requests not yet answered

    def take(self, more: int) -> None:
        """Counts `more` bytes: 503 if the budget has no room for them."""
        if self.in_flight + more > self.budget:
            raise HTTPException(
                503,
                detail=busy_message(self.budget),
                headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
            )
        self.in_flight += more

    @contextmanager
    def held(self, declared: int, limit: int) -> Iterator["Spool"]:
        """A request's place in the budget, `declared` bytes to begin with and `limit` at most
        (past it, the request's own limit refuses it), given back on exit."""
        spool = Spool(self, limit)
        try:
            spool.grow_to(declared)
            yield spool
        finally:
            self.in_flight -= spool.held


class Spool:
    """One request's bytes in the budget: what it declared, or what it sent if that is more."""

    def __init__(self, budget: SpoolBudget, limit: int) -> None:
        self.budget, self.limit = budget, limit
        self.held = 0

    def grow_to(self, size: int) -> None:
        """Counts `size` bytes (at most the limit) for this request: 503 if the budget has no
        room for them."""
        size = min(size, self.limit)
        if size > self.held:
            self.budget.take(size - self.held)
            self.held = size

    async def counted(self, body: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
        """The body's chunks, each counted before it is handed on to be written."""
        size = 0
        async for chunk in body:
            size += len(chunk)
            self.grow_to(size)
            yield chunk


def spool_budget(request: Request) -> SpoolBudget:
    budget: SpoolBudget = request.app.state.spool_budget
    return budget


@contextmanager
def spooled(request: Request, limit: int) -> Iterator[Spool]:
    """The request's body in the uploads' budget, at most `limit` bytes of it: 503 while the
    budget has no room for what it declares. Its bytes count until the block ends."""
    declared = request.headers.get("content-length", "")
    with spool_budget(request).held(int(declared) if declared.isdigit() else 0, limit) as spool:
        yield spool
