"""Quotas per owner and throttles per client address, each a setting, each answering 429; and
the bound on the server's queue of runs (503)."""

import threading
import time
from collections import deque
from pathlib import Path

from fastapi import HTTPException

from torchcanvas.sizes import size_text
from torchcanvas.store.address_runs import AddressRuns
from torchcanvas.store.disk_use import folder_bytes, runs_take
from torchcanvas.store.owners import OwnerStore
from torchcanvas.store.queued_from import QueuedFrom
from torchcanvas.store.runs import RunStore
from torchcanvas.training.data.storage import datasets_folder

_WINDOW = 60.0  # seconds, for wrong logins
_MAX_ADDRESSES = 100_000  # addresses remembered at once; the oldest are forgotten first


def too_many(detail: str, retry_after: int | None) -> HTTPException:
    """429; with Retry-After where waiting helps. A disk quota waits for the owner to delete
    something: a client that retried after the header's seconds would only be refused again."""
    headers = None if retry_after is None else {"Retry-After": str(max(1, retry_after))}
    return HTTPException(429, detail=detail, headers=headers)


def check_active_runs(owners: OwnerStore, owner: str, limit: int) -> None:
    """429 when the owner already has `limit` runs queued, running or paused."""
    active = owners.active_runs(owner)
    if active >= limit:
        raise too_many(
            f"You have {active} runs queued, running or paused, the most this server allows "
            f"(TORCHCANVAS_MAX_ACTIVE_RUNS={limit}): wait for one to end, or stop one.",
            30,
        )


def check_address_runs(address_runs: AddressRuns, address: str, limit: int) -> None:
    """429 when the owners this server did not issue (made-up cookies, or none) already have
    `limit` active runs from the client's address: together they are one client, whose owner
    cookie is its address. A script that made up a cookie for each run had each run's quota."""
    active = address_runs.active_from(address)
    if active >= limit:
        raise too_many(
            f"This address has {active} runs queued, running or paused that were started "
            "without an owner cookie this server issued, the most one client may have "
            f"(TORCHCANVAS_MAX_ACTIVE_RUNS={limit}): wait for one to end, or stop one. Send "
            "back the owner cookie the server sets (torchcanvas_owner; __Host-torchcanvas_owner "
            "over https), and your runs count as yours.",
            30,
        )


def check_queued_runs(runs: RunStore, limit: int) -> None:
    """503 when `limit` runs of all owners already wait for a worker: the queue is bounded."""
    waiting = runs.queued_count()
    if waiting >= limit:
        runs_wait = "1 run is" if waiting == 1 else f"{waiting} runs are"
        raise HTTPException(
            503,
            detail=f"The training queue is full: {runs_wait} waiting for a worker, the "
            f"most this server allows (TORCHCANVAS_MAX_QUEUED_RUNS={limit}). Try again in a few "
            "minutes; whoever runs the server can raise that limit or add workers.",
            headers={"Retry-After": "60"},
        )


def check_queue_share(queued_from: QueuedFrom, address: str, most: int) -> None:
    """429 when `most` runs queued from the client's address still wait: one address fills only
    its share of the queue. A script that took a new browser identity for each owner's quota of
    runs filled all of it, and every other person then got the 503 of a full queue."""
    mine = queued_from.waiting_from(address)
    if mine >= most:
        raise too_many(
            f"{mine} runs from this address (every browser on its network) wait for a worker, "
            "its share of the queue (half of TORCHCANVAS_MAX_QUEUED_RUNS): wait for some to "
            "start, or stop yours. Whoever runs this server can set TORCHCANVAS_TOKEN: people "
            "who log in with it (a class on one school network) are not counted by their "
            "address.",
            60,
        )


def upload_bytes(data_dir: Path, upload_ids: list[str]) -> int:
    """What these uploads take on disk, damaged ones too: their files, never their meta.json's
    content, which a damaged upload cannot give."""
    folder = datasets_folder(data_dir)
    return sum(folder_bytes(folder / upload_id) for upload_id in upload_ids)


def check_run_bytes(used: int, limit: int, by_address: bool = False) -> None:
    """429 when the owner's runs (`by_address`: those of every owner this server did not issue
    from the client's address), their files (weights, checkpoints, exports) and their events,
    take `used` bytes, `limit` or more (store/disk_use.py measures them; runs/disk_watch.py stops
    the runs that reach it as they train)."""
    if used >= limit:
        raise too_many(
            f"{runs_take(used, limit, by_address)}: delete runs you no longer need from the runs "
            "page (download what you want to keep first), then start this one again.",
            None,
        )


def check_upload_bytes(data_dir: Path, upload_ids: list[str], adding: int, limit: int) -> None:
    """429 when the owner's uploads, with `adding` bytes more, would pass `limit`."""
    used = upload_bytes(data_dir, upload_ids)
    if used + adding > limit:
        this = f", and this one would take {size_text(adding)} more once stored:" if adding else ","
        raise too_many(
            f"Your uploads take {size_text(used)}{this} more than your quota of {size_text(limit)} "
            "(TORCHCANVAS_MAX_UPLOAD_BYTES_PER_OWNER): delete uploads you no longer need, then "
            "upload again.",
            None,
        )


class LoginThrottle:
    """Counts wrong login tokens (or other secrets: `what`) per client address (or per whatever
    key `source` names) over the last minute; `then` is what to do once the wait is over, and
    `limit` says which setting allows `per_minute`."""

    def __init__(
        self,
        per_minute: int,
        what: str = "login tokens",
        then: str = "then try the right token.",
        source: str = "this address",
        limit: str = "TORCHCANVAS_MAX_WRONG_LOGINS={}",
    ) -> None:
        self.per_minute, self.what, self.then = per_minute, what, then
        self.source, self.limit = source, limit.format(per_minute)
        self._wrong: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, address: str, now: float) -> deque[float]:
        times = self._wrong.setdefault(address, deque())
        while times and times[0] <= now - _WINDOW:
            times.popleft()
        return times

    def attempt(self, address: str) -> None:
        """429 while the address has sent `per_minute` wrong tokens within the last minute; else
        the try is counted as wrong at once, so that tries sent together cannot all pass the check
        before the first is counted; `forgive` takes it back for a right one."""
        with self._lock:
            self._check(address, time.monotonic())
            self._count(address)

    def forgive(self, address: str) -> None:
        """The latest try counted by `attempt` was right after all."""
        with self._lock:
            times = self._wrong.get(address)
            if times:
                times.pop()

    def _check(self, address: str, now: float) -> None:
        """The 429 of `attempt`; the caller holds the lock."""
        times = self._recent(address, now)
        if len(times) >= self.per_minute:
            wait = int(times[0] + _WINDOW - now) + 1
            raise too_many(
                f"Too many wrong {self.what} from {self.source} ({len(times)} in the last "
                f"minute, {self.limit}): wait {wait} s, {self.then}",
                wait,
            )

    def _count(self, address: str) -> None:
        if len(self._wrong) >= _MAX_ADDRESSES:
            self._wrong.pop(next(iter(self._wrong)))
        self._recent(address, time.monotonic()).append(time.monotonic())


_SHARED = 10  # browsers' worth of wrong codes one client address may send


class CodeThrottle:
    """Wrong transfer codes (class codes, login tokens: `what`), counted per browser (owner
    identity) and per client address. A class behind one address (a school's network) shares it,
    and one student's typos locked everyone out for a minute; the address may send ten browsers'
    worth, which still bounds guessing: a code has about 50 bits, a login token at least 16
    characters, and a script can take a new identity at will but not a new address."""

    def __init__(
        self,
        per_minute: int,
        what: str = "transfer codes",
        then: str = "then type the code again.",
    ) -> None:
        self.browser = LoginThrottle(per_minute, what, then, "this browser")
        limit = f"{_SHARED} times TORCHCANVAS_MAX_WRONG_LOGINS, from all its browsers"
        self.address = LoginThrottle(per_minute * _SHARED, what, then, "this address", limit)

    def attempt(self, owner: str, address: str) -> None:
        """429 while the browser or its address has sent too many wrong codes this minute; else
        the try is counted as wrong for both until `forgive`."""
        self.browser.attempt(owner)
        try:
            self.address.attempt(address)
        except HTTPException:
            self.browser.forgive(owner)  # not tried after all
            raise

    def forgive(self, owner: str, address: str) -> None:
        self.browser.forgive(owner)
        self.address.forgive(address)
