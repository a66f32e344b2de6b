"""A client's run quota with its copies under way counted (Train more as a new run): each
reserves what it will count once queued, under the client's lock, before its files are copied.

A copy counts in the quota (TORCHCANVAS_MAX_RUN_BYTES_PER_OWNER) once its rows are written,
and its files are copied before that, outside every lock (runs/run_copies.py). Checked against
the runs stored alone, two copies asked at once each saw the other's nothing, and both were
made, past the quota. Here a copy under way counts at what it will count, from before its files
are copied until it is queued or given up. A client is an owner this server issued, or an
address (api/upload_quota.py says why).
"""

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from torchcanvas.api.quotas import too_many

_CLIENT_LOCKS = 64  # a fixed few, by the client's hash, as the upload quota's

# The 429's words from the bytes the client's runs take and the copies it has under way.
Refusal = Callable[[int, int], str]


class CopyReservations:
    """The bytes each client's copies under way will count in its run quota."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # guards _held
        self._client_locks = [threading.Lock() for _ in range(_CLIENT_LOCKS)]
        self._held: dict[str, dict[object, int]] = {}  # client -> its copies' tokens -> bytes

    def _client_lock(self, client: str) -> threading.Lock:
        return self._client_locks[hash(client) % _CLIENT_LOCKS]

    @contextmanager
    def reserve(
        self, client: str, adding: int, used: Callable[[], int], limit: int, refusal: Refusal
    ) -> Iterator[None]:
        """Holds `adding` bytes of the client's quota while the block makes a copy; 429 with
        `refusal`'s words where what its runs take (`used` measures them), its copies under
        way and this one would reach `limit`. The measure and the reservation are one step in
        the client's lock: a copy under way is counted by its reservation until it is released,
        which is after its rows are written, so none goes uncounted."""
        token = object()
        with self._client_lock(client):
            with self._lock:
                others = list(self._held.get(client, {}).values())
            taken = used() + sum(others)
            if taken + adding >= limit:
                raise too_many(refusal(taken, len(others)), None)
            with self._lock:
                self._held.setdefault(client, {})[token] = adding
        try:
            yield
        finally:
            with self._lock:
                held = self._held.get(client, {})
                held.pop(token, None)
                if not held:
                    self._held.pop(client, None)


COPIES = CopyReservations()
