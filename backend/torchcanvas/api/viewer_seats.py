"""A bound on open websocket viewers: in all, and from one client address.

Each viewer holds a socket, a file descriptor and a queue of events, for as long as a run lasts:
without a bound, one script opening sockets to a run it may read (its own, or one shared with a
link) could use up the server's descriptors and memory. A viewer past either bound is refused
with 1013 (try again later), which the run page retries with backoff.
"""

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

TRY_AGAIN_LATER = 1013


class NoSeat(Exception):
    """Every seat is taken, in all or for this client; the message says which and what to do."""


@dataclass
class ViewerSeats:
    """Counts open viewers; used from the event loop only, so it needs no lock."""

    total: int
    per_client: int
    _taken: int = 0
    _by_client: Counter[str] = field(default_factory=Counter)

    @contextmanager
    def seat(self, client: str) -> Iterator[None]:
        if self._by_client[client] >= self.per_client:
            raise NoSeat(
                f"Too many run pages are open from your address (at most {self.per_client}, "
                "TORCHCANVAS_MAX_VIEWERS_PER_CLIENT): close some."
            )
        if self._taken >= self.total:
            raise NoSeat(
                f"Too many run pages are open on this server (at most {self.total}, "
                "TORCHCANVAS_MAX_VIEWERS): try again later."
            )
        self._taken += 1
        self._by_client[client] += 1
        try:
            yield
        finally:
            self._taken -= 1
            self._by_client[client] -= 1
            if not self._by_client[client]:
                del self._by_client[client]
