"""torch.compile's cache on disk is pruned as workers start: files not written for a week go,
then the oldest while the rest is past its bound; its lock files stay."""

import os
from pathlib import Path

from torchcanvas.runs.compile_cache import prune

DAY = 24 * 3600.0
NOW = 1_000 * DAY


def _file(root: Path, name: str, size: int, age_days: float) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)
    os.utime(path, (NOW - age_days * DAY, NOW - age_days * DAY))
    return path


def test_files_past_a_week_go_then_the_oldest_past_the_bound(tmp_path: Path) -> None:
    old = _file(tmp_path, "ab/old.so", 100, age_days=8)
    lock = _file(tmp_path, "locks/held.lock", 1, age_days=30)
    recent = [_file(tmp_path, f"fxgraph/{i}/entry", 100, age_days=6 - i) for i in range(5)]
    assert prune(tmp_path, now=NOW, keep_seconds=7 * DAY, max_bytes=10_000) == 100
    assert not old.exists() and lock.exists() and all(path.exists() for path in recent)
    # Past the bound: the oldest go until the rest fits; the newest stay.
    assert prune(tmp_path, now=NOW, keep_seconds=7 * DAY, max_bytes=250) == 300
    assert [path.exists() for path in recent] == [False, False, False, True, True]
    assert lock.exists() and (tmp_path / "fxgraph").is_dir()


def test_a_cache_not_made_yet_is_nothing_to_prune(tmp_path: Path) -> None:
    assert prune(tmp_path / "none") == 0
