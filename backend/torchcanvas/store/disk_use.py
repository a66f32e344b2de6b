"""What an owner's runs take on disk, as its quota (TORCHCANVAS_MAX_RUN_BYTES_PER_OWNER) counts
it: their folders' files (weights, checkpoints, exports) and their events in the database."""

import os
import sqlite3
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from torchcanvas.sizes import size_text
from torchcanvas.store.db import Database
from torchcanvas.store.runs import ENDED
from torchcanvas.training.run_folder import RunFolder


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


_ADDRESS = "address "  # a client of DiskUse.training: the hashed address, not an owner's hash


def runs_take(used: int, limit: int, by_address: bool = False) -> str:
    """The owner's runs at their quota, in words: the start of both the 429 that refuses a new
    run and the end of a run stopped as it trained. `by_address`: the runs of every owner this
    server did not issue from the client's address, which count together."""
    together = (
        " (those started from this address without an owner cookie this server issued count "
        "together: send back the owner cookie the server sets (torchcanvas_owner; "
        "__Host-torchcanvas_owner over https), and yours count as yours)"
    )
    return (
        f"Your runs take {size_text(used)} of this server's disk (their files and logs), as "
        f"much as it keeps for one person ({size_text(limit)}, "
        f"TORCHCANVAS_MAX_RUN_BYTES_PER_OWNER){together if by_address else ''}"
    )


def is_address(client: str) -> bool:
    """Whether a client of DiskUse.training is an address, not an owner."""
    return client.startswith(_ADDRESS)


# A folder's stamp is trusted only once it is this much older than the look that read it: a
# file added within the file system's clock tick of the look could leave the stamp unchanged.
_SETTLED_NS = 2 * 10**9

Stamp = tuple[int, int]  # mtime_ns of a run's folder and of its exports/ folder (0 if none)


@dataclass(frozen=True)
class _Measured:
    size: int
    stamp: Stamp
    settled: bool  # the stamp was old enough when read to show any later change


def _stamp(folder: RunFolder) -> Stamp | None:
    """What changes whenever a file is added to, renamed into or removed from the folder or its
    exports (every file is renamed into place); None for a folder that is not there."""
    try:
        folder_time = folder.path.stat().st_mtime_ns
    except FileNotFoundError:
        return None
    try:
        exports_time = folder.exports.stat().st_mtime_ns
    except FileNotFoundError:
        exports_time = 0
    return folder_time, exports_time


# The most run folders whose sizes are remembered (about 450 bytes each with the run's id, up to
# 20 MB in all; measured with tracemalloc): past it the one looked at longest ago is forgotten
# and measured again when next asked, so a server's memory does not grow with every run it ever
# measured (a deleted run is forgotten only when next looked at).
REMEMBERED_FOLDERS = 50_000


class FolderSizes:
    """The bytes of run folders, remembered for runs that have ended: a look measures again only
    the folders of active runs and those whose stamp has moved (Continue, a new export)."""

    def __init__(self, runs_folder: Path, most: int | None = REMEMBERED_FOLDERS) -> None:
        """`most`: None for no bound, where `keep_only` bounds what is held instead."""
        self.runs_folder = runs_folder
        self.most = most
        self._lock = threading.Lock()
        self._known: OrderedDict[str, _Measured] = OrderedDict()

    def size(self, run_id: str, status: str) -> int:
        """What the run's folder takes: remembered if the run has ended and its stamp, settled
        when read, has not moved since; else read from its files."""
        folder = RunFolder(self.runs_folder / run_id)
        read_at = time.time_ns()
        stamp = _stamp(folder)
        if stamp is None:  # deleted, or not made yet
            with self._lock:
                self._known.pop(run_id, None)
            return 0
        with self._lock:
            known = self._known.get(run_id)
            if known is not None:
                self._known.move_to_end(run_id)
        if status in ENDED and known is not None and known.settled and known.stamp == stamp:
            return known.size
        size = folder_bytes(folder.path)
        with self._lock:
            self._known[run_id] = _Measured(size, stamp, read_at - max(stamp) > _SETTLED_NS)
            self._known.move_to_end(run_id)
            while self.most is not None and len(self._known) > self.most:
                self._known.popitem(last=False)
        return size

    def remembered(self) -> set[str]:
        """The runs whose folder sizes are held."""
        with self._lock:
            return set(self._known)

    def keep_only(self, run_ids: set[str]) -> None:
        """Forgets every other run's folder: deleted runs, and owners no longer watched."""
        with self._lock:
            self._known = OrderedDict((k, v) for k, v in self._known.items() if k in run_ids)


# Runs with the bytes they take, and their owners' hashes to pick them by.
_RUN_SIZES = (
    # A count damaged to text (store/damaged.py) reads as its leading digits, or 0.
    "SELECT runs.id, CAST(runs.event_bytes AS INTEGER) AS event_bytes, runs.status FROM runs "
    "JOIN run_owners ON run_owners.run_id = runs.id"
)


class DiskUse:
    """Measures the disk that each owner's runs take."""

    def __init__(
        self, db: Database, runs_folder: Path, most: int | None = REMEMBERED_FOLDERS
    ) -> None:
        """`most`: the run folders whose sizes are held at most (FolderSizes)."""
        self.db, self.runs_folder = db, runs_folder
        self.folders = FolderSizes(runs_folder, most)

    def of_owner(self, owner_hash: str) -> int:
        """The bytes the owner's runs take: their folders, and their events as stored."""
        return sum(self._of_runs(owner_hash).values())

    def of_client(self, owner_hash: str, address_hash: str | None) -> int:
        """The bytes a client's runs take: the owner's, and with an address (a client whose
        owner cookie this server did not issue) every run queued from it so, whoever owns it."""
        if address_hash is None:
            return self.of_owner(owner_hash)
        rows = self.db.execute(
            f"{_RUN_SIZES} WHERE owner_hash = ? OR address_hash = ?", (owner_hash, address_hash)
        )
        return sum(self._sizes(rows).values())

    def of_address(self, address_hash: str) -> int:
        """The bytes the runs queued from a (hashed) client address take, whoever owns them."""
        rows = self.db.execute(f"{_RUN_SIZES} WHERE from_address = ?", (address_hash,))
        return sum(self._sizes(rows).values())

    def of_owners(self, owner_hashes: list[str]) -> dict[str, int]:
        """The bytes each owner's runs take (an `address <hash>` of `training`: the runs queued
        from it without an owner cookie the server issued); only their runs' folder sizes are
        kept for the next look, so what is remembered grows with the owners watched, not with
        every run kept."""
        runs = {owner: self._of_runs(owner) for owner in owner_hashes}
        self.folders.keep_only({run_id for taken in runs.values() for run_id in taken})
        return {owner: sum(taken.values()) for owner, taken in runs.items()}

    def _of_runs(self, owner_hash: str) -> dict[str, int]:
        """The bytes each of the owner's runs takes: its folder, and its events as stored."""
        address = owner_hash.removeprefix(_ADDRESS)
        column = "owner_hash" if address == owner_hash else "address_hash"
        return self._sizes(self.db.execute(f"{_RUN_SIZES} WHERE {column} = ?", (address,)))

    def _sizes(self, rows: list[sqlite3.Row]) -> dict[str, int]:
        return {
            row["id"]: int(row["event_bytes"]) + self.folders.size(row["id"], row["status"])
            for row in rows
        }

    def running(self) -> list[str]:
        """Every run that trains now, owned or not, oldest first."""
        rows = self.db.execute("SELECT id FROM runs WHERE status = 'running' ORDER BY created_at")
        return [row["id"] for row in rows]

    def training(self) -> dict[str, list[str]]:
        """The runs that train now (and so grow), by their owner's hash; no owner, no quota. A
        run queued without an owner cookie the server issued is its address's (`address <hash>`),
        with every such run from there: a fresh cookie a run had a fresh quota each."""
        rows = self.db.execute(
            "SELECT runs.id, owner_hash, address_hash FROM runs "
            "JOIN run_owners ON run_owners.run_id = runs.id "
            "WHERE status = 'running' ORDER BY runs.created_at"
        )
        running: dict[str, list[str]] = {}
        for row in rows:
            address = row["address_hash"]
            client = row["owner_hash"] if address is None else f"{_ADDRESS}{address}"
            running.setdefault(client, []).append(row["id"])
        return running
