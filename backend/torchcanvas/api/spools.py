"""What uploads hold on the data disk while they arrive: bounded together, and for each client.

A dataset upload, a set sent to Classify many and a picture sent to Try it each wait in a
temporary file on the data disk until they are answered. Each is bounded by its own limit; all
of them together may hold `budget` bytes (TORCHCANVAS_MAX_SPOOL_BYTES_IN_FLIGHT), so that many
connections at once cannot each hold 50 MB there, and those from one client address a share of
it (TORCHCANVAS_MAX_SPOOL_SHARE_PER_CLIENT), so that one script cannot lock everyone else out.
A request counts the bytes its Content-Length declares (at most its own limit) before it reads
any, and more if more arrive; one that would pass the budget gets 503 with Retry-After, as a
request finding no CPU slot does, and one that would pass its address's share 429 (its own
doing). One that declares more than its own limit counts nothing: its route refuses it (413)
before reading any, whatever the budget holds.
Its bytes count until it has been answered, however it ends: answered, refused, failed, or its
client gone. Their routes also keep the disk's free space (`require_disk_space`, api/disk.py).
"""

from collections import Counter
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager

from fastapi import HTTPException, Request

RETRY_AFTER_SECONDS = 5  # an upload that holds the budget takes seconds to arrive


def _mib(size: int) -> str:
    return f"{size / 2**20:,.1f}".removesuffix(".0") + " MiB"


def busy_message(budget: int) -> str:
    return (
        f"The server is receiving {_mib(budget)} of uploads at once, as much as it keeps on its "
        "disk (TORCHCANVAS_MAX_SPOOL_BYTES_IN_FLIGHT): send this again in a moment."
    )


def client_busy_message(share: int) -> str:
    return (
        f"Your address is already sending {_mib(share)} of uploads at once, as much as one "
        "address may (TORCHCANVAS_MAX_SPOOL_SHARE_PER_CLIENT): send this again once they are "
        "answered."
    )


def _busy(message: str, status: int = 503) -> HTTPException:
    """503 while the server's budget is full; 429 where the client's own share is."""
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    return HTTPException(status, detail=message, headers=headers)


class SpoolBudget:
    """The bytes that uploads being received hold on the data disk: at most `budget` together,
    and `share` of it from one client address. Used on the event loop only, so it needs no lock."""

    def __init__(self, budget: int, share: float) -> None:
        self.budget = budget
        self.per_client = int(budget * share)
        self.in_flight = 0  # bytes counted by the requests not yet answered
        self.by_client: Counter[str] = Counter()  # the same, for each client address

    def take(self, client: str, more: int) -> None:
        """Counts `more` bytes from `client`: 429 if its share has no room, 503 if the budget."""
        if self.by_client[client] + more > self.per_client:
            raise _busy(client_busy_message(self.per_client), 429)
        if self.in_flight + more > self.budget:
            raise _busy(busy_message(self.budget))
        self.in_flight += more
        self.by_client[client] += more

    def give_back(self, client: str, held: int) -> None:
        self.in_flight -= held
        self.by_client[client] -= held
        if not self.by_client[client]:
            del self.by_client[client]

    @contextmanager
    def held(self, client: str, declared: int, limit: int) -> Iterator["Spool"]:
        """A request's place in the budget, `declared` bytes to begin with and `limit` at most
        (past it, the request's own limit refuses it), given back on exit."""
        spool = Spool(self, client, limit)
        try:
            spool.grow_to(declared)
            yield spool
        finally:
            self.give_back(client, spool.held)


class Spool:
    """One request's bytes in the budget: what it declared, or what it sent if that is more."""

    def __init__(self, budget: SpoolBudget, client: str, limit: int) -> None:
        self.budget, self.client, self.limit = budget, client, limit
        self.held = 0

    def grow_to(self, size: int) -> None:
        """Counts `size` bytes (at most the limit) for this request: 503 if its address's share
        or the budget has no room for them."""
        size = min(size, self.limit)
        if size > self.held:
            self.budget.take(self.client, size - self.held)
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
    """The request's body in the uploads' budget, at most `limit` bytes of it: 503 while its
    address's share or the budget has no room for what it declares. Its bytes count until the
    block ends. A body declared past `limit` counts none: its route's 413 comes first."""
    length = request.headers.get("content-length", "")
    declared = int(length) if length.isdigit() else 0
    client = request.client.host if request.client else ""
    with spool_budget(request).held(client, declared if declared <= limit else 0, limit) as spool:
        yield spool
