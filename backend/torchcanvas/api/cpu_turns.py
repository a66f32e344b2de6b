"""Whose request gets the next free CPU slot: clients take turns, each client's requests in order.

With one first-come queue, a script that kept fifty validations waiting made every classmate's
check wait behind all fifty, or find the queue full (a review's class of 30: p95 2.5 s, and 6 of 30
uploads refused). Here the next slot goes to the first waiting request of the client that was
served longest ago (its turn counts from when its latest request got a slot or gave it back; one
never served counts from when its first request began to wait), as the run queue shares workers
(runs/fair_queue.py): a classmate's check waits for the requests that hold the slots, not for
the script's that wait, and a stream of new clients cannot jump ahead of one that has waited
longer.

A client is its browser's owner cookie, one the server issued (signed: api/access.py), or its
address when it sends none or one it made up: a script that drops the cookie, or makes up a new
one for each request, is one client per address, not a new one per request (with a made-up
cookie each, 64 requests in flight held a review's classmate 0.9 s a check). A class behind one
NAT is still 30 clients. A script that first collects many issued cookies is many clients, as
for the run queue (README).
"""

import asyncio
from collections import deque
from dataclasses import dataclass, field

_REMEMBERED = 10_000  # clients whose last turn is kept; the longest ago are forgotten


@dataclass
class Waiter:
    """One request waiting for a slot: its client, and the future a free slot is handed over by."""

    client: str
    future: asyncio.Future[None] = field(repr=False)
    tick: int = 0


class CpuTurns:
    """Waiting requests by client, handed free slots in turns."""

    def __init__(self) -> None:
        self._waiting: dict[str, deque[Waiter]] = {}
        self._last_turn: dict[str, int] = {}  # client -> the tick it was last served at
        self._tick = 0

    def __len__(self) -> int:
        return sum(len(waiters) for waiters in self._waiting.values())

    def of(self, client: str) -> int:
        """How many of `client`'s requests wait."""
        return len(self._waiting.get(client, ()))

    def wait(self, client: str) -> Waiter:
        """Queues a request of `client`; its future is done once a slot is handed to it."""
        self._tick += 1
        waiter = Waiter(client, asyncio.get_running_loop().create_future(), self._tick)
        self._waiting.setdefault(client, deque()).append(waiter)
        return waiter

    def leave(self, waiter: Waiter) -> None:
        """Takes a request that gave up (it waited too long, or its client left) out of line."""
        waiters = self._waiting.get(waiter.client)
        if waiters is not None and waiter in waiters:
            waiters.remove(waiter)
            if not waiters:
                del self._waiting[waiter.client]

    def hand_over(self) -> bool:
        """Gives a freed slot to the next request in turn; False when none waits."""
        if not self._waiting:
            return False
        client = min(self._waiting, key=lambda c: self._last_turn.get(c, self._waiting[c][0].tick))
        waiters = self._waiting[client]
        waiter = waiters.popleft()
        if not waiters:
            del self._waiting[client]
        self.served(client)
        waiter.future.set_result(None)
        return True

    def served(self, client: str) -> None:
        """Notes that `client` was served just now: its turn comes after every client's that
        waits already."""
        self._tick += 1
        self._last_turn.pop(client, None)
        self._last_turn[client] = self._tick  # newest last: the oldest are forgotten first
        if len(self._last_turn) > _REMEMBERED:
            del self._last_turn[next(iter(self._last_turn))]
