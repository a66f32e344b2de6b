"""What an owner's runs take on disk, as its quota (TORCHCANVAS_MAX_RUN_BYTES_PER_OWNER) counts
it: their folders' files (weights, checkpoints, exports) and their events in the database."""

import os
from pathlib import Path

from torchcanvas.store.db import Database


def folder_bytes(folder: Path) -> int:
    """What a folder's files take, its subfolders' too; 0 for one that is not there."""
    total = 0
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return 0
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                total += folder_bytes(Path(entry.path))
            elif entry.is_file(follow_symlinks=False):
                total += entry.stat(follow_symlinks=False).st_size
        except FileNotFoundError:
            continue  # removed meanwhile
    return total


def size_text(size: int) -> str:
    """A size as MB, or as KB under a megabyte (a small quota is not '0 MB')."""
    return f"{size / 2**20:,.0f} MB" if size >= 2**20 else f"{size / 2**10:,.0f} KB"


def runs_take(used: int, limit: int) -> str:
    """The owner's runs at their quota, in words: the start of both the 429 that refuses a new
    run and the end of a run stopped as it trained."""
    return (
        f"Your runs take {size_text(used)} of this server's disk (their files and logs), as "
        f"much as it keeps for one person ({size_text(limit)}, "
        "TORCHCANVAS_MAX_RUN_BYTES_PER_OWNER)"
    )


class DiskUse:
    """Measures the disk that each owner's runs take."""

    def __init__(self, db: Database, runs_folder: Path) -> None:
        self.db, self.runs_folder = db, runs_folder

    def of_owner(self, owner_hash: str) -> int:
        """The bytes the owner's runs take: their folders, and their events as stored."""
        rows = self.db.execute(
            "SELECT runs.id, runs.event_bytes FROM runs "
            "JOIN run_owners ON run_owners.run_id = runs.id WHERE owner_hash = ?",
            (owner_hash,),
        )
        logged = sum(int(row["event_bytes"]) for row in rows)
        return logged + sum(folder_bytes(self.runs_folder / row["id"]) for row in rows)

    def training(self) -> dict[str, list[str]]:
        """The runs that train now (and so grow), by their owner's hash; no owner, no quota."""
        rows = self.db.execute(
            "SELECT runs.id, owner_hash FROM runs JOIN run_owners ON run_owners.run_id = runs.id "
            "WHERE status = 'running' ORDER BY runs.created_at"
        )
        running: dict[str, list[str]] = {}
        for row in rows:
            running.setdefault(row["owner_hash"], []).append(row["id"])
        return running
