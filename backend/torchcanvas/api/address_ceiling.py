"""The ceiling on what all the owner identities from one client address keep together.

An owner cookie this server issued is a client of its own for the per-owner quotas (quotas.py,
upload_quota.py), and a script collects a fresh one with a request (GET /api/health without a
cookie): one before each upload had a fresh upload quota each time, and could fill the disk. So
all the owners from one address may keep TORCHCANVAS_MAX_QUOTAS_PER_ADDRESS times one owner's
uploads and runs' bytes, and TORCHCANVAS_MAX_NEW_OWNERS_PER_ADDRESS of them a day may store their
first upload or run. One browser meets its own quotas first, so a person never meets the ceiling
alone; many browsers behind one address (a school) may, and the 429 names the settings. A request
that shows TORCHCANVAS_TOKEN is not counted by address (deps.ceiling_address).
"""

import threading
from collections.abc import Callable
from pathlib import Path

from torchcanvas.api.access import Owner
from torchcanvas.api.quotas import too_many
from torchcanvas.api.upload_quota import RESERVATIONS, Refusal
from torchcanvas.sizes import size_text
from torchcanvas.store.address_use import AddressUse
from torchcanvas.store.owners import digest

_SHARED = (
    " If many people reach this server from this address (a school's network), ask whoever runs "
    "it to raise {setting}, or to set TORCHCANVAS_TOKEN and give you the token: requests logged "
    "in with it are not counted by address."
)
_QUOTAS = "TORCHCANVAS_MAX_QUOTAS_PER_ADDRESS"


def _ceiling(quotas: int, per_owner: str) -> str:
    return f"{_QUOTAS}={quotas} times {per_owner}"


def upload_refusal(quotas: int) -> Refusal:
    """The 429 of an upload past the address's ceiling: what is kept, and what to do."""

    def refusal(used: int, going: int, stored: int, limit: int) -> str:
        still = f" ({going} still being stored)" if going else ""
        this = f", and this one would take {size_text(stored)} more once stored:" if stored else ","
        return (
            "The uploads kept from this address, by all its browsers and API clients together, "
            f"take {size_text(used)}{still}{this} more than one address may keep "
            f"({size_text(limit)}, {_ceiling(quotas, 'TORCHCANVAS_MAX_UPLOAD_BYTES_PER_OWNER')}). "
            "Your uploads are kept: delete those you no longer need, then upload again."
            + _SHARED.format(setting=_QUOTAS)
        )

    return refusal


def reserve_upload(
    data_dir: Path,
    address_hash: str,
    upload_id: str,
    stored: int,
    per_owner: int,
    quotas: int,
    owned: Callable[[], list[str]],
) -> None:
    """Reserves `stored` bytes for the upload among the address's (release_upload once it has
    ended); 429 when the address's stored uploads, those in progress and this one would pass
    `quotas` times one owner's upload quota."""
    RESERVATIONS.reserve(
        data_dir,
        _client(address_hash),
        upload_id,
        stored,
        per_owner * quotas,
        owned,
        refusal=upload_refusal(quotas),
    )


def release_upload(address_hash: str, upload_id: str) -> None:
    RESERVATIONS.release(_client(address_hash), upload_id)


def _client(address_hash: str) -> str:
    return f"ceiling {address_hash}"  # beside owners' and addresses' (backpressure.client_of)


def check_run_bytes(used: int, per_owner: int, quotas: int) -> None:
    """429 when the runs queued from the address take `quotas` times one owner's disk quota."""
    limit = per_owner * quotas
    if used >= limit:
        raise too_many(
            "The runs started from this address, by all its browsers and API clients together, "
            f"take {size_text(used)} of this server's disk (their files and logs), as much as one "
            f"address may keep ({size_text(limit)}, "
            f"{_ceiling(quotas, 'TORCHCANVAS_MAX_RUN_BYTES_PER_OWNER')}). Your runs are kept: "
            "delete those you no longer need from the runs page (download what you want to keep "
            "first), then start this one again." + _SHARED.format(setting=_QUOTAS),
            None,
        )


class NewOwner:
    """An identity's place among its address's new ones while its first upload is stored or its
    first run queued: counted (so that at once, too, no more than the limit begin), and recorded
    for the day only once the upload is stored or the run queued (`admit`); an upload refused
    (413, 422) or a run the queue refused takes no place. `release` ends the hold either way."""

    def __init__(self, address_hash: str, owner_hash: str | None) -> None:
        self.address_hash, self.owner_hash = address_hash, owner_hash  # None: nothing held

    def admit(self, use: AddressUse) -> None:
        if self.owner_hash is not None:
            use.record_owner(self.address_hash, self.owner_hash)

    def release(self) -> None:
        if self.owner_hash is None:
            return
        with _HELD_LOCK:
            held = _HELD[self.address_hash]
            held[self.owner_hash] -= 1
            if not held[self.owner_hash]:
                del held[self.owner_hash]
            if not held:
                del _HELD[self.address_hash]
        self.owner_hash = None


# The identities whose first upload or run is under way, by address: how many of their requests.
_HELD: dict[str, dict[str, int]] = {}
_HELD_LOCK = threading.Lock()  # the count and the hold together: a burst cannot pass the limit


def check_new_owner(use: AddressUse, address_hash: str, owner: Owner, limit: int) -> NewOwner:
    """429 when the caller's identity would store its first upload or run from the address after
    `limit` others did in the last day (or are doing so now); else its held place (NewOwner). An
    identity this server did not issue is not counted: its quotas are the address's already
    (services.quota_address)."""
    if not owner.issued:
        return NewOwner(address_hash, None)
    owner_hash = digest(owner)
    with _HELD_LOCK:
        held = _HELD.get(address_hash, {})
        if owner_hash in held:  # its first is under way (and may fail): this one is held too
            held[owner_hash] += 1
            return NewOwner(address_hash, owner_hash)
        wait = use.admit_owner(address_hash, owner_hash, limit, set(held))
        if wait == "new":
            held = _HELD.setdefault(address_hash, {})
            held[owner_hash] = held.get(owner_hash, 0) + 1
    if wait == "known":
        return NewOwner(address_hash, None)
    if wait == "new":
        return NewOwner(address_hash, owner_hash)
    hours = max(1, round(wait / 3600))
    who = "1 browser or API client" if limit == 1 else f"{limit} browsers or API clients"
    raise too_many(
        f"{who} new to this server began keeping uploads or runs from "
        "this address in the last day, the most one address may "
        f"(TORCHCANVAS_MAX_NEW_OWNERS_PER_ADDRESS={limit}). Use the browser you began in (API "
        "clients: send back the owner cookie the server gave you, torchcanvas_owner; "
        "__Host-torchcanvas_owner over https), or try again in about "
        f"{hours} hour{'s' if hours != 1 else ''}."
        + _SHARED.format(setting="TORCHCANVAS_MAX_NEW_OWNERS_PER_ADDRESS"),
        int(wait) + 1,
    )
