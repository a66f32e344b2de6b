"""An owner's upload quota with their uploads in progress counted: each reserves what it will take
once stored, under the owner's lock, before it is written.

Checked against the uploads on disk alone, as they were before the body came, ten uploads sent
at once each saw the others' zero bytes and all were stored, past the quota
(TORCHCANVAS_MAX_UPLOAD_BYTES_PER_OWNER) by as many times. Here an upload in progress counts at
what it said it would take (an estimate first, then the exact size), until it ends, stored or not.

The quota is a client's, as the turns and the run quota are (api/access.py): an owner this server
issued counts its own uploads; one it did not (a made-up cookie, or none) counts with every such
upload from its address, so that a script with a fresh cookie a request has one quota, not many.
"""

import threading
from collections.abc import Callable
from pathlib import Path

from torchcanvas.api.quotas import too_many, upload_bytes
from torchcanvas.sizes import size_text

_UNISSUED = (
    "Uploads sent from this address without an owner cookie this server issued count together "
    "(send back the owner cookie the server sets (torchcanvas_owner; __Host-torchcanvas_owner "
    "over https), and yours count as yours). "
)


_OWNER_LOCKS = 64

# The 429's words from the client's stored bytes, its uploads in progress, this one's bytes and
# the limit.
Refusal = Callable[[int, int, int, int], str]


class UploadReservations:
    """The bytes each client's uploads in progress will take, by upload id; a client is an
    owner this server issued, or an address (backpressure.client_of)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # guards _held
        # A client's lock is one of a fixed few, by its hash: a lock for each client ever seen
        # was kept for good (a soak review). Two clients that share one wait on each other only
        # for the moment a reservation takes; none holds two.
        self._owner_locks = [threading.Lock() for _ in range(_OWNER_LOCKS)]
        self._held: dict[str, dict[str, int]] = {}  # owner -> upload id -> bytes

    def _owner_lock(self, owner: str) -> threading.Lock:
        return self._owner_locks[hash(owner) % _OWNER_LOCKS]

    def reserve(
        self,
        data_dir: Path,
        owner: str,
        upload_id: str,
        stored: int,
        limit: int,
        owned: Callable[[], list[str]],
        by_address: bool = False,
        refusal: Refusal | None = None,
    ) -> None:
        """Reserves `stored` bytes for the upload (in place of what it reserved before); 429
        when the client's (`owner`'s) stored uploads, those in progress and this one would pass
        `limit`. `owned` gives the client's upload ids as the database holds them now;
        `by_address`: the client is an address, whose uploads the 429 says count together;
        `refusal`: the 429's words for another kind of client (api/address_ceiling.py)."""
        with self._owner_lock(owner):
            with self._lock:
                others = {i: b for i, b in self._held.get(owner, {}).items() if i != upload_id}
            # An upload in progress counts by its reservation, stored or not yet.
            done = [i for i in owned() if i != upload_id and i not in others]
            used = upload_bytes(data_dir, done) + sum(others.values())
            if used + stored > limit and refusal is not None:
                raise too_many(refusal(used, len(others), stored, limit), None)
            if used + stored > limit:
                going = f" ({len(others)} still being stored)" if others else ""
                this = f", and this one would take {size_text(stored)} more once stored:"
                raise too_many(
                    f"{_UNISSUED if by_address else ''}Your uploads take {size_text(used)}{going}{this if stored else ','} more "
                    f"than your quota of {size_text(limit)} "
                    "(TORCHCANVAS_MAX_UPLOAD_BYTES_PER_OWNER): delete uploads you no longer "
                    "need, then upload again.",
                    None,
                )
            with self._lock:
                self._held.setdefault(owner, {})[upload_id] = stored

    def release(self, owner: str, upload_id: str) -> None:
        """The upload has ended: stored (its files count now) or discarded."""
        with self._lock:
            held = self._held.get(owner, {})
            held.pop(upload_id, None)
            if not held:
                self._held.pop(owner, None)


RESERVATIONS = UploadReservations()
