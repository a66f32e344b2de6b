"""The uploads a process has read whole, kept for its next run: bounded by bytes, not by count.

Counted by entries (an lru_cache of 4), a process kept up to four 1 GiB uploads, deleted ones
too, for as long as it lived. Here the arrays kept stay under `max_bytes`, an upload bigger than
that is read again each time (from the page cache, a fraction of a second a GiB), a deleted
upload's entry goes (at once in the process that deletes it, at the next look in any other),
and two callers that ask for the same upload at once read it once.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from torchcanvas.training.data.info import ArraySplit

MAX_CACHED_BYTES = 256 * 2**20


def split_bytes(split: ArraySplit) -> int:
    return sum(a.nbytes for a in (split.x_train, split.y_train, split.x_val, split.y_val))


class ArrayCache:
    """Whole uploads by folder, least recently used first, at most `max_bytes` of arrays."""

    def __init__(self, max_bytes: int = MAX_CACHED_BYTES) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Path, ArraySplit] = OrderedDict()
        self._lock = threading.Lock()  # guards _entries and _reading
        self._reading: dict[Path, threading.Lock] = {}  # one reader of a folder at a time

    def get(self, folder: Path, read: Callable[[Path], ArraySplit]) -> ArraySplit:
        """The folder's split, from the cache or read by `read` (and kept when it fits)."""
        hit = self._hit(folder)
        if hit is not None:
            return hit
        with self._lock:
            reading = self._reading.setdefault(folder, threading.Lock())
        with reading:  # a second caller waits for the first one's read, then finds it here
            hit = self._hit(folder)
            if hit is not None:
                return hit
            try:
                split = read(folder)
                with self._lock:
                    self._keep(folder, split)
            finally:
                with self._lock:
                    self._reading.pop(folder, None)
        return split

    def forget(self, folder: Path) -> None:
        with self._lock:
            self._entries.pop(folder, None)

    def holds(self, folder: Path) -> bool:
        with self._lock:
            return folder in self._entries

    @property
    def cached_bytes(self) -> int:
        with self._lock:
            return sum(split_bytes(split) for split in self._entries.values())

    def _hit(self, folder: Path) -> ArraySplit | None:
        with self._lock:
            split = self._entries.get(folder)
            if split is None:
                return None
            if not (folder / "meta.json").is_file():  # deleted by another process
                del self._entries[folder]
                return None
            self._entries.move_to_end(folder)
            return split

    def _keep(self, folder: Path, split: ArraySplit) -> None:
        size = split_bytes(split)
        if size > self.max_bytes:
            return
        self._entries[folder] = split
        total = sum(split_bytes(kept) for kept in self._entries.values())
        while total > self.max_bytes:
            _, dropped = self._entries.popitem(last=False)
            total -= split_bytes(dropped)


ARRAY_CACHE = ArrayCache()
