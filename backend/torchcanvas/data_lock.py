"""One server a data folder: the first to start holds a lock on it for as long as it runs.

Two servers on one folder each take the other's unfinished runs for a dead server's and fail
them, and give contradicting answers about the rest (a review started a second on another port
by mistake). The lock is the kernel's (flock), so it goes with its process, however it ends,
and no worker holds it: its descriptor is closed on exec, and the fork server the workers are
forked from is a fresh program (exec'd) that never had it.
"""

import fcntl
import os
from pathlib import Path

LOCK_NAME = "server.lock"


class FolderInUse(RuntimeError):
    """Another process holds the data folder's lock."""

    def __init__(self, data_dir: Path, pid: str) -> None:
        holder = f"pid {pid}" if pid else "another process"
        super().__init__(
            f"The data folder {data_dir} is in use by another TorchCanvas server ({holder}): "
            "stop that one first, or set TORCHCANVAS_DATA to another folder."
        )


def lock_data_dir(data_dir: Path) -> str | None:
    """Takes the folder's lock, held by a descriptor left open until the process ends, and
    writes this process's id in it; FolderInUse where another process holds it. On a file system
    that has no locks (some network mounts) it runs unlocked, and says so: the warning."""
    fd = os.open(data_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)  # not inherited on exec
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        pid = os.pread(fd, 32, 0).decode(errors="replace").strip()
        os.close(fd)
        raise FolderInUse(data_dir, pid) from None
    except OSError as exc:
        os.close(fd)
        return (
            f"The data folder {data_dir} cannot be locked ({exc.strerror}): nothing stops a "
            "second server on it, so start only one."
        )
    try:  # only to name this server to a second one: a full disk leaves it out
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    except OSError:
        pass
    return None
