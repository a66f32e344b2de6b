"""The hub wakes a run's feed (runs/fanout.py) when new events are in the log."""

import asyncio
from collections import defaultdict


class Hub:
    """Thread-safe notifications from the executor's threads to websocket handlers."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._waiters: dict[str, set[asyncio.Event]] = defaultdict(set)

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop

    def subscribe(self, run_id: str) -> asyncio.Event:
        """An event that is set whenever the run logs something new; clear it before each read."""
        waiter = asyncio.Event()
        self._waiters[run_id].add(waiter)
        return waiter

    def unsubscribe(self, run_id: str, waiter: asyncio.Event) -> None:
        self._waiters[run_id].discard(waiter)
        if not self._waiters[run_id]:
            del self._waiters[run_id]

    def waiter_count(self, run_id: str) -> int:
        """How many are waiting on the run: one feed, however many people watch it."""
        return len(self._waiters.get(run_id, ()))

    def notify(self, run_id: str) -> None:
        """Called from any thread after an event is stored."""
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._wake, run_id)

    def _wake(self, run_id: str) -> None:
        for waiter in self._waiters.get(run_id, ()):
            waiter.set()
