"""Every owner's runs that have not ended, with whose each is: what the server's admin sees."""

from dataclasses import dataclass

from torchcanvas.store.damaged import readable
from torchcanvas.store.db import Database
from torchcanvas.store.runs import Run, run_from_row


@dataclass(frozen=True)
class OwnedRun:
    """A run and the hash of its owner's identity (store/owners.py); empty for a run with none."""

    run: Run
    owner_hash: str


def _owned(row: object) -> OwnedRun:
    data = dict(row)  # type: ignore[call-overload]
    owner_hash = data.pop("owner_hash") or ""
    return OwnedRun(run_from_row(data), owner_hash)


def unfinished_runs(db: Database) -> list[OwnedRun]:
    """The queued, running and paused runs of every owner that read, oldest first (a damaged
    one is logged and left out)."""
    rows = db.execute(
        "SELECT runs.*, run_owners.owner_hash AS owner_hash FROM runs "
        "LEFT JOIN run_owners ON run_owners.run_id = runs.id "
        "WHERE runs.status IN ('queued', 'running', 'paused') ORDER BY runs.created_at"
    )
    return readable(rows, _owned)
