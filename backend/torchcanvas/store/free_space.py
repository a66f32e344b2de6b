"""The data folder's free space, and the words that say the disk is (nearly) full.

TORCHCANVAS_MIN_FREE_BYTES is the space the server keeps free: below it, new runs and uploads
answer 507 (api/disk.py), running runs are stopped with a checkpoint (runs/disk_watch.py), and
/api/health says so. All of them say it in the words below.
"""

import errno
import shutil
import sqlite3
from pathlib import Path

from torchcanvas.sizes import size_text


def free_bytes(data_dir: Path) -> int:
    """Free space on the data folder's disk (one statvfs: cheap enough for every request)."""
    return shutil.disk_usage(data_dir).free


def _left(free: int | None, keep_free: int | None) -> str:
    if free is None or keep_free is None:
        return ""
    return (
        f" ({size_text(free)} free, less than the {size_text(keep_free)} it keeps "
        "free: TORCHCANVAS_MIN_FREE_BYTES)"
    )


def disk_full_message(
    free: int | None = None, keep_free: int | None = None, what: str = "new runs or uploads"
) -> str:
    """Why nothing new is stored: the disk is full, or has less free than the server keeps."""
    return (
        f"The server's disk is full{_left(free, keep_free)}: it cannot store {what}. "
        "Whoever runs it should free space in its data folder (delete old runs or uploads), then "
        "try again."
    )


def disk_full_stop_message(free: int | None = None, keep_free: int | None = None) -> str:
    """Why a run stopped as it trained: the disk is (nearly) full; what to do, then Continue."""
    return (
        f"The server's disk is {'nearly ' if free else ''}full{_left(free, keep_free)}, so this "
        "run stopped where it stood, "
        "keeping what it reached. Whoever runs the server should free space in its data folder "
        "(delete old runs or uploads); then press Continue to go on from where it stopped."
    )


# What a run says when a write of its own (weights, a checkpoint) meets a full disk; the recorder
# adds whether Continue can go on from a checkpoint.
SAVE_MET_A_FULL_DISK = (
    "The server's disk is full: this run could not save its progress, so it stopped. Whoever "
    "runs the server should free space in its data folder (delete old runs or uploads)."
)
# How libraries that are not Python's own say ENOSPC: safetensors' SafetensorError is a Rust
# io::Error's text, "I/O error: No space left on device (os error 28)".
_NO_SPACE_WORDS = (f"(os error {errno.ENOSPC})", f"(os error {errno.EDQUOT})")


def is_disk_full(exc: BaseException) -> bool:
    """Whether an error is a write that met a full disk (or a full quota of the filesystem)."""
    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, errno.EDQUOT)
    if isinstance(exc, sqlite3.OperationalError):
        return "disk is full" in str(exc)
    return any(words in str(exc) for words in _NO_SPACE_WORDS)
