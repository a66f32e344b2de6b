"""A few megabytes of the data folder's disk kept for the actions that free space or cut access.

On a disk with no byte left, SQLite cannot even write the log of a DELETE: deleting a run,
revoking its link or ending a class answered 507, "free space... (delete old runs)", the very
thing refused, and a link to cut off stayed open. So the server keeps a file of RESERVE_BYTES
in the data folder while the disk has room for it, and gives it up when such an action meets a
full disk (api/freeing.py), which then goes through; the file is made again once there is room.
It is made in a thread, never on the server's event loop, where writing its 8 MiB held up every
other request and websocket until it was written.
"""

import threading
import time
from pathlib import Path

from torchcanvas.store.free_space import free_bytes

RESERVE_BYTES = 8 * 2**20  # twice the write-ahead log the database keeps (store/db.py)
RESERVE_NAME = "space-reserve"
LOOK_EVERY = 5.0  # seconds between two checks that a given-up reserve can be made again


class SpaceReserve:
    """The reserve file of a data folder: kept while the disk has room, given up when needed."""

    def __init__(self, data_dir: Path, keep_free: int, size: int = RESERVE_BYTES) -> None:
        self.path = data_dir / RESERVE_NAME
        self.data_dir, self.keep_free, self.size = data_dir, keep_free, size
        self._lock = threading.Lock()
        self._looked_at = float("-inf")

    def due(self) -> bool:
        """Whether a look at the reserve is due: a clock read, so that a request goes to a thread
        to keep it only when it is."""
        return time.monotonic() - self._looked_at >= LOOK_EVERY

    def keep(self) -> None:
        """Makes the reserve where it is missing and the disk has room for it besides the free
        space the server keeps; at most once every LOOK_EVERY seconds, so each request may ask.
        It stats and writes the disk: call it in a thread."""
        now = time.monotonic()
        if now - self._looked_at < LOOK_EVERY or not self._lock.acquire(blocking=False):
            return
        try:
            self._looked_at = now
            if self._whole() or free_bytes(self.data_dir) < self.keep_free + 2 * self.size:
                return
            making = self.path.with_name(RESERVE_NAME + ".making")
            # Written, not sparse: the filesystem takes its blocks as it is written.
            making.write_bytes(bytes(self.size))
            making.replace(self.path)
        except OSError:  # the disk filled meanwhile: another look makes it
            self.path.with_name(RESERVE_NAME + ".making").unlink(missing_ok=True)
        finally:
            self._lock.release()

    def _whole(self) -> bool:
        try:
            return self.path.stat().st_size == self.size
        except FileNotFoundError:
            return False

    def give_up(self) -> bool:
        """Frees the reserve's space; False where there was none to give."""
        try:
            self.path.unlink()
        except FileNotFoundError:
            return False
        self._looked_at = time.monotonic()  # not made again at once, in the space just freed
        return True
