"""torch.compile's cache on disk: inductor's generated code and the libraries built from it, some
MB a design, in the temporary folder (runs/compile_failures.py), outside the data folder and its
watch. Nothing removed it: a team compiling new designs filled the disk over weeks (3 GB here,
from some sessions of tests). Each worker, as it starts, removes in the background the files not
written for a week, then the oldest while the rest is past MAX_BYTES (a review)."""

import contextlib
import os
import threading
import time
from pathlib import Path

KEEP_SECONDS = 7 * 24 * 3600
MAX_BYTES = 2 * 2**30
_LEFT = {"locks"}  # its lock files: one may be held by a compile under way


def compile_cache_root() -> Path:
    """Where inductor keeps its cache: TORCHINDUCTOR_CACHE_DIR, else in the temporary folder."""
    from torch._inductor.runtime.cache_dir_utils import cache_dir

    return Path(cache_dir())


def prune(
    root: Path,
    now: float | None = None,
    keep_seconds: float = KEEP_SECONDS,
    max_bytes: int = MAX_BYTES,
) -> int:
    """Removes the cache's files older than `keep_seconds`, then its oldest while the rest is
    past `max_bytes`. The bytes removed."""
    now = time.time() if now is None else now
    files: list[tuple[float, int, Path]] = []
    for folder, names, found in os.walk(root):
        names[:] = [name for name in names if not (folder == str(root) and name in _LEFT)]
        for name in found:
            path = Path(folder, name)
            try:
                info = path.lstat()
            except OSError:  # removed meanwhile
                continue
            files.append((info.st_mtime, info.st_size, path))
    files.sort()  # the oldest first
    total = sum(size for _, size, _ in files)
    removed = 0
    for written, size, path in files:
        if written >= now - keep_seconds and total <= max_bytes:
            break
        path.unlink(missing_ok=True)
        total, removed = total - size, removed + size
    # Its folders stay, emptied or not: one removed as a compile makes its file there fails it.
    return removed


def prune_in_background() -> None:
    """Prunes this machine's cache in a thread of its own: a worker's start does not wait."""

    def run() -> None:
        with contextlib.suppress(OSError):  # a cache it may not read: left as it is
            prune(compile_cache_root())

    threading.Thread(target=run, name="compile-cache", daemon=True).start()
