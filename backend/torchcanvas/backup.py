"""`python -m torchcanvas backup DEST`: a copy of the data folder that a server can start on,
taken while the server runs.

A folder copied by hand while a server writes can catch its database between two writes (its
write-ahead log and the database read at different moments): a server started on the copy then
reads damaged runs. Here the database is copied first, by SQLite's online backup (one moment,
whole), then the files of the runs and uploads that moment knows, and the built-in datasets. A
file written since is harmless: a checkpoint ahead of the copied log is dropped as a server
starts on the copy, as after a server killed outright, and a run that was training is told to
press Continue. Runs and uploads begun after that moment are left out: an upload on disk that
the database does not know would be taken for one from before uploads had owners, everyone's.

The copy is written beside DEST under another name and renamed to DEST once whole, so that a
backup cut short is never taken for one.
"""

import fcntl
import os
import shutil
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from torchcanvas.data_lock import LOCK_NAME
from torchcanvas.preflight import StartupError, load_settings
from torchcanvas.sizes import size_text
from torchcanvas.store.db import DATABASE_NAME
from torchcanvas.store.free_space import free_bytes
from torchcanvas.store.space_reserve import RESERVE_NAME

RUNS = "runs"
DATASETS = "datasets"  # uploads (upload-<12 hex>) and the built-in datasets' files
UPLOAD_PREFIX = "upload-"
# The database's own files (copied by SQLite, not as files), and what only a live server uses.
_NOT_COPIED = {
    DATABASE_NAME,
    f"{DATABASE_NAME}-wal",
    f"{DATABASE_NAME}-shm",
    f"{DATABASE_NAME}-journal",
    LOCK_NAME,
    RESERVE_NAME,
    f"{RESERVE_NAME}.making",
    ".copies.lock",
}
# Written part-way, or on their way out, by a server at work: uploads and copies under way,
# uploads being deleted, files written beside their names, safetensors' and downloads' own.
_PART_WAY = (".partial-", ".staged-", ".write-test-", ".removed-", ".tmp")
_PART_WAY_ENDS = (".partial", ".part")


class BackupError(RuntimeError):
    """A backup refused or cut short: what went wrong and what to do, in one line."""


def main(dest: Path) -> int:
    """Backs the settings' data folder up to `dest`, and says how it went; the exit status."""
    try:
        data_dir = load_settings().data_dir
        runs, uploads = back_up(data_dir, dest)
    except (StartupError, BackupError) as exc:
        print(f"TorchCanvas cannot back up: {exc}", file=sys.stderr)
        return 2
    held = f"{_count(runs, 'run')} and {_count(uploads, 'upload')}"
    print(
        f"Backed up {data_dir} to {dest.resolve()}: {held}. To start a server on the copy: "
        f"TORCHCANVAS_DATA={dest.resolve()} {sys.executable} -m torchcanvas"
    )
    return 0


def back_up(data_dir: Path, dest: Path) -> tuple[int, int]:
    """Copies the data folder to `dest`, which must not exist yet; the runs and uploads copied."""
    data_dir, dest = data_dir.resolve(), dest.resolve()
    _check(data_dir, dest)
    making = dest.with_name(f".{dest.name}.incomplete")
    with _alone(dest):
        try:
            shutil.rmtree(making, ignore_errors=True)  # of a backup to it cut short before
            making.mkdir()
            runs, uploads = _copy_database(data_dir / DATABASE_NAME, making / DATABASE_NAME)
            files = list(_files(data_dir, runs, uploads))
            _check_room(making, sum(size for _, size in files))
            for name, _ in files:
                target = making / name
                target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    shutil.copy2(data_dir / name, target)
                except FileNotFoundError:  # deleted or replaced since it was listed: as now
                    continue
            # An upload's row comes before its files: one still arriving is not in the copy.
            copied = [u for u in uploads if (making / DATASETS / u).is_dir()]
            if dest.exists():  # made meanwhile: renamed onto, an empty one would be replaced
                raise BackupError(f"{dest} was made while the backup ran: {_NEW_FOLDER}")
            making.rename(dest)
        except OSError as exc:
            raise BackupError(
                f"The backup to {dest} stopped ({exc.strerror or exc}): nothing was left there; "
                "fix that and run it again."
            ) from None
        finally:  # cut short: nothing half-copied is left
            shutil.rmtree(making, ignore_errors=True)
    return len(runs), len(copied)


_NEW_FOLDER = "name a folder that does not exist, so that no backup is mixed with another's files."


@contextmanager
def _alone(dest: Path) -> Iterator[None]:
    """Held while a backup to `dest` runs: a second one at once would remove the first's folder
    under it (a cron job's beside a person's)."""
    lock = dest.with_name(f".{dest.name}.lock")
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            # The file may have been removed by the backup that held it, as it ended, since it
            # was opened: a lock on it then keeps no one out of the new one.
            if os.fstat(fd).st_ino != os.stat(lock).st_ino:
                raise BlockingIOError
        except (BlockingIOError, FileNotFoundError):
            raise BackupError(
                f"Another backup to {dest} is under way: wait for it to end, or name another "
                "folder."
            ) from None
        try:
            yield
        finally:
            lock.unlink(missing_ok=True)
    finally:
        os.close(fd)


def _check(data_dir: Path, dest: Path) -> None:
    if not (data_dir / DATABASE_NAME).is_file():
        raise BackupError(
            f"The data folder {data_dir} holds no TorchCanvas database ({DATABASE_NAME}): set "
            "TORCHCANVAS_DATA to the folder the server uses."
        )
    if dest.exists():
        raise BackupError(f"{dest} already exists: {_NEW_FOLDER}")
    if dest.is_relative_to(data_dir):
        raise BackupError(
            f"{dest} is inside the data folder {data_dir}: name a folder outside it (on another "
            "disk, best)."
        )
    if not dest.parent.is_dir():
        raise BackupError(f"The folder {dest.parent} does not exist: make it first.")


def _copy_database(source: Path, target: Path) -> tuple[set[str], set[str]]:
    """The database as of one moment, by SQLite's online backup (a server may be writing it),
    and the ids of the runs and uploads it holds."""
    live = sqlite3.connect(source, timeout=30)
    copy = sqlite3.connect(target)
    try:
        live.backup(copy)
        runs = {row[0] for row in copy.execute("SELECT id FROM runs")}
        uploads = {row[0] for row in copy.execute("SELECT id FROM uploads")}
    except sqlite3.DatabaseError as exc:
        raise BackupError(
            f"The database {source} cannot be read ({exc}): check the disk it is on."
        ) from None
    finally:
        copy.close()
        live.close()
    return runs, uploads


def _files(data_dir: Path, runs: set[str], uploads: set[str]) -> Iterator[tuple[str, int]]:
    """Each file to copy, as its path in the folder and its size: those of the runs and uploads
    the copied database knows, and every other file but the database's and a live server's."""
    for root, folders, names in os.walk(data_dir):
        here = Path(root).relative_to(data_dir)
        folders[:] = [f for f in folders if _kept(here / f, runs, uploads)]
        for name in names:
            path = here / name
            if (here == Path(".") and name in _NOT_COPIED) or _part_way(name):
                continue
            try:
                yield str(path), (data_dir / path).stat().st_size
            except FileNotFoundError:
                continue


def _kept(folder: Path, runs: set[str], uploads: set[str]) -> bool:
    """Whether a folder is copied: a run's or an upload's only where the database knows it."""
    if _part_way(folder.name):
        return False
    parent = folder.parent.as_posix()
    if parent == RUNS:
        return folder.name in runs
    if parent == DATASETS and folder.name.startswith(UPLOAD_PREFIX):
        return folder.name in uploads
    return True


def _part_way(name: str) -> bool:
    return name.startswith(_PART_WAY) or name.endswith(_PART_WAY_ENDS)


def _check_room(making: Path, size: int) -> None:
    free = free_bytes(making)
    if size > free:
        raise BackupError(
            f"The backup needs {size_text(size)} and its disk has {size_text(free)} free: free "
            "some space there, or back up to another disk."
        )


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}{'' if number == 1 else 's'}"
