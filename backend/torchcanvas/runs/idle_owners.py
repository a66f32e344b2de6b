"""Forgets the runs and uploads of browsers not seen for TORCHCANVAS_KEEP_IDLE_DAYS: a server for
a class or a team keeps what its people come back to, not every browser that ever passed by
(each with its own quota of disk). Unset, everything is kept for good. Runs not yet ended, and
uploads such a run trains on, are kept until they end."""

import logging
import time
from collections.abc import Callable

from torchcanvas.runs.errors import UploadInUse
from torchcanvas.runs.periodic import Periodic
from torchcanvas.runs.service import RunService
from torchcanvas.store.owner_visits import OwnerVisits
from torchcanvas.store.runs import ENDED

log = logging.getLogger(__name__)

DAY = 86400.0
LOOK_EVERY = 3600.0  # the most seconds between two looks for idle owners


def forget_idle_owners(
    service: RunService, visits: OwnerVisits, keep_seconds: float, now: float
) -> tuple[int, int]:
    """Deletes the ended runs and the uploads of every owner unseen for `keep_seconds`, as
    their owner's Delete would (files, events, share links); (runs, uploads) deleted."""
    cutoff, db = now - keep_seconds, service.store.db
    deleted_runs = deleted_uploads = 0
    for owner_hash in visits.unseen_since(cutoff, now):
        if not visits.still_unseen(owner_hash, cutoff):  # back meanwhile
            continue
        ended = sorted(ENDED)
        rows = db.execute(
            "SELECT run_id FROM run_owners JOIN runs ON runs.id = run_owners.run_id "
            f"WHERE owner_hash = ? AND runs.status IN ({', '.join('?' * len(ended))})",
            (owner_hash, *ended),
        )
        deleted_runs += sum(service.delete(str(row["run_id"])) for row in rows)
        for row in db.execute("SELECT id FROM uploads WHERE owner_hash = ?", (owner_hash,)):
            try:
                service.delete_upload(str(row["id"]))
            except (UploadInUse, FileNotFoundError):  # a run trains on it, or it went meanwhile
                continue
            deleted_uploads += 1
        visits.forget_if_empty(owner_hash, cutoff)
    if deleted_runs or deleted_uploads:
        log.info(
            "Deleted %d runs and %d uploads of browsers not seen for %.3g days "
            "(TORCHCANVAS_KEEP_IDLE_DAYS).",
            deleted_runs,
            deleted_uploads,
            keep_seconds / DAY,
        )
    return deleted_runs, deleted_uploads


def idle_owners_watch(
    service: RunService,
    visits: OwnerVisits,
    keep_days: float,
    clock: Callable[[], float] = time.time,
) -> Periodic:
    """The thread that looks for idle owners: hourly, or ten times in the time kept if shorter."""
    keep = keep_days * DAY
    every = min(LOOK_EVERY, keep / 10)
    return Periodic(
        "idle-owners", every, lambda: forget_idle_owners(service, visits, keep, clock())
    )
