"""A real small filesystem (a tmpfs) for tests of a full disk, and a file that fills it."""

import errno
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def small_disk(path: Path, size_bytes: int) -> Iterator[Path]:
    """A tmpfs of `size_bytes` mounted at `path` while the block runs; skips where the tests
    may not mount one (they run without root)."""
    path.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_bytes}", "tmpfs", str(path)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def fill_to(folder: Path, left: int) -> Path:
    """Writes a file in `folder` until its disk has about `left` bytes free, never fewer than
    `left` less a chunk: the disk is never full on the way; returns the file."""
    filler = folder / "filler"
    chunk = bytes(2**16)
    with filler.open("wb", buffering=0) as out:
        while shutil.disk_usage(folder).free - len(chunk) >= left:
            out.write(chunk)
    return filler


def fill(folder: Path) -> Path:
    """Writes a file in `folder` until its disk has no space left; returns the file."""
    filler = folder / "filler"
    chunk = bytes(2**16)
    with filler.open("wb", buffering=0) as out:
        try:
            while True:
                out.write(chunk)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC, exc
    try:  # the last few bytes a full chunk did not fit in
        with filler.open("ab", buffering=0) as out:
            while True:
                out.write(b"\0")
    except OSError as exc:
        assert exc.errno == errno.ENOSPC, exc
    return filler
