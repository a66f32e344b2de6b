"""A run's folder copied for Train more as a new run (runs/run_copies.py): each file a hard link
where the file system allows one, else a copy that claims its space on the disk first, as an
upload claims the space its arrays take (api/routes/datasets.py).

A link takes no space; a copy takes the file's size. Copies made at once claim what they will
write under one lock, so that together they never take the disk below the free space the server
keeps (TORCHCANVAS_MIN_FREE_BYTES): two that each looked at the free space, then each wrote a
large run's files, took it there together, and the disk watch then stops every running run
(runs/disk_watch.py)."""

import errno
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from fnmatch import fnmatch
from pathlib import Path

from torchcanvas.sizes import size_text
from torchcanvas.store.free_space import free_bytes, is_disk_full

STAGED = ".staged-"  # a copy's folder until it is queued: runs/.staged-<its id>

# The room for a file of this many bytes, held while it is copied; NoRoom where there is none.
Room = Callable[[int], AbstractContextManager[None]]


class NoRoom(OSError):
    """A copy refused before it wrote: it would take the disk below the free space kept."""

    def __init__(self, message: str) -> None:
        super().__init__(errno.ENOSPC, message)


class SpaceClaims:
    """The bytes that copies and uploads under way will still write on the data folder's disk."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._lock = threading.Lock()
        self._claimed = 0

    @contextmanager
    def claim(
        self, size: int, keep_free: int, what: str, why: str = "", instead: str = ""
    ) -> Iterator[None]:
        """Holds `size` bytes of the disk while `what` writes them; NoRoom where the disk, less
        what other writers claim, has not that much more free than `keep_free`, saying `why`
        it takes them and what to do `instead` besides freeing space. The check and the claim
        are one step under the lock: two writers cannot both pass on the same free bytes."""
        with self._lock:
            free = free_bytes(self.data_dir) - self._claimed
            if free - size < keep_free:
                raise NoRoom(
                    f"The server's disk has {size_text(max(0, free))} free, and {what} would "
                    f"take {size_text(size)} more{why}, past the {size_text(keep_free)} the "
                    "server keeps free (TORCHCANVAS_MIN_FREE_BYTES). Whoever runs it should "
                    "free space in its data folder (delete old runs or uploads)"
                    f"{f'; or {instead}' if instead else ''}."
                )
            self._claimed += size
        try:
            yield
        finally:
            with self._lock:
                self._claimed -= size


def copy_folder(source: Path, target: Path, leave_out: tuple[str, ...], room: Room) -> None:
    """Makes folder `target` with `source`'s files and folders, leaving out the names that match
    a pattern of `leave_out`. A file or folder removed from `source` meanwhile is left out too:
    the caller checks that the run stayed as it was. Only files and folders are taken, as a
    run's folder holds nothing else; a symbolic link would be followed out of it."""
    target.mkdir()
    try:
        entries = list(os.scandir(source))
    except FileNotFoundError:
        return
    for entry in entries:
        if any(fnmatch(entry.name, pattern) for pattern in leave_out):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                copy_folder(Path(entry.path), target / entry.name, leave_out, room)
            elif entry.is_file(follow_symlinks=False):
                _link_or_copy(Path(entry.path), target / entry.name, room)
        except FileNotFoundError:
            continue  # removed meanwhile


def _link_or_copy(source: Path, target: Path, room: Room) -> None:
    """A hard link to `source` at `target`; a copy, in room claimed first, where the file system
    has none (or refuses one: another device, too many links)."""
    try:
        os.link(source, target)
        return
    except FileNotFoundError:
        raise
    except OSError as exc:
        if is_disk_full(exc):  # no room for even a name: a copy would fail the same way
            raise
    with room(source.stat().st_size):
        shutil.copy2(source, target)


def sweep_staged(runs_folder: Path) -> list[str]:
    """Removes the copies a stopped server left staged, never queued; returns their names."""
    try:
        staged = [entry.name for entry in os.scandir(runs_folder) if entry.name.startswith(STAGED)]
    except FileNotFoundError:
        return []
    for name in staged:
        shutil.rmtree(runs_folder / name, ignore_errors=True)
    return staged
