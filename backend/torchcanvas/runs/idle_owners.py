"""Forgets the runs and uploads of browsers not seen for TORCHCANVAS_KEEP_IDLE_DAYS: a server for
a class or a team keeps what its people come back to, not every browser that ever passed by
(each with its own quota of disk). Unset, everything is kept for good. Runs not yet ended,
uploads such a run trains on, and runs handed in to a class not yet ended are kept until they
end; a browser back, or whose data a transfer code moved to another, keeps the rest."""

import logging
import time
from collections.abc import Callable

from torchcanvas.runs.errors import RunConflict, UploadInUse
from torchcanvas.runs.periodic import Periodic
from torchcanvas.runs.service import RunService
from torchcanvas.store.db import Database
from torchcanvas.store.owner_visits import OwnerVisits
from torchcanvas.store.runs import ENDED

log = logging.getLogger(__name__)

DAY = 86400.0
LOOK_EVERY = 3600.0  # the most seconds between two looks for idle owners
# Runs handed in to a class its teacher has not ended: the teacher still reads them.
_IN_OPEN_CLASS = (
    "SELECT run_id FROM class_entries JOIN classes ON classes.code = class_entries.class_code "
    "WHERE classes.ended_at IS NULL"
)


def forget_idle_owners(
    service: RunService,
    visits: OwnerVisits,
    keep_seconds: float,
    now: float,
    going: Callable[[], bool] = lambda: True,
) -> tuple[int, int]:
    """Deletes the ended runs and the uploads of every owner unseen for `keep_seconds`, as
    their owner's Delete would (files, events, share links), while `going`; (runs, uploads)
    deleted. Each is checked, in the queue's lock, to be still that owner's, still unseen."""
    cutoff, db = now - keep_seconds, service.store.db
    deleted_runs = deleted_uploads = 0
    for owner_hash in visits.unseen_since(cutoff, now):
        if not going():
            break

        def idle(table: str, column: str, item: str, owner: str = owner_hash) -> Callable[[], bool]:
            return lambda: (
                _owned(db, table, column, item, owner) and visits.still_unseen(owner, cutoff)
            )

        for run_id in _ended_runs(db, owner_hash):
            try:
                deleted_runs += service.delete(run_id, idle("run_owners", "run_id", run_id))
            except RunConflict:  # continued meanwhile: no longer ended
                continue
        for row in db.execute("SELECT id FROM uploads WHERE owner_hash = ?", (owner_hash,)):
            upload_id = str(row["id"])
            try:
                deleted_uploads += service.delete_upload(
                    upload_id, idle("uploads", "id", upload_id)
                )
            except (UploadInUse, FileNotFoundError):  # a run trains on it, or it went meanwhile
                continue
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


def _ended_runs(db: Database, owner_hash: str) -> list[str]:
    """The owner's ended runs, but those handed in to a class not yet ended."""
    ended = sorted(ENDED)
    rows = db.execute(
        "SELECT run_id FROM run_owners JOIN runs ON runs.id = run_owners.run_id "
        f"WHERE owner_hash = ? AND runs.status IN ({', '.join('?' * len(ended))}) "
        f"AND run_id NOT IN ({_IN_OPEN_CLASS})",
        (owner_hash, *ended),
    )
    return [str(row["run_id"]) for row in rows]


def _owned(db: Database, table: str, column: str, item: str, owner_hash: str) -> bool:
    """Whether the run or upload is still the owner's (a transfer code moves them)."""
    rows = db.execute(
        f"SELECT 1 FROM {table} WHERE {column} = ? AND owner_hash = ?", (item, owner_hash)
    )
    return bool(rows)


def idle_owners_watch(
    service: RunService,
    visits: OwnerVisits,
    keep_days: float,
    clock: Callable[[], float] = time.time,
) -> Periodic:
    """The thread that looks for idle owners: hourly, or ten times in the time kept if shorter;
    a stop ends a look between two owners."""
    keep = keep_days * DAY
    every = min(LOOK_EVERY, keep / 10)

    def look() -> None:
        forget_idle_owners(service, visits, keep, clock(), lambda: not watch.stopped)

    watch = Periodic("idle-owners", every, look)
    return watch
