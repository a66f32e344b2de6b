"""A preview of a large upload reads only its samples: several at once leave the server's memory
as it was (a review's six previews of a 300 MB upload took a server from 664 MB to 2.6 GB)."""

import io
import threading
import time
from pathlib import Path

import httpx2 as httpx
import numpy as np

from tests.backend.conftest import issued_cookie, open_client
from tests.backend.test_datasets_upload import upload
from tests.backend.upload_files import blobs_csv
from tests.serve import start
from torchcanvas.api.access import OWNER_COOKIE
from torchcanvas.training.data.info import ArraySplit
from torchcanvas.training.data.storage import datasets_folder, load_arrays
from torchcanvas.training.data.storage_cache import ARRAY_CACHE, ArrayCache

ROWS, FEATURES = 300_000, 64  # 73 MiB of float32 stored
PREVIEWS = 6


def _rss_mib(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(status.split("VmRSS:")[1].split()[0]) / 1024


def _big_npz() -> bytes:
    rng = np.random.default_rng(0)
    x = rng.standard_normal((ROWS, FEATURES), dtype=np.float32)
    out = io.BytesIO()
    np.savez(out, x=x, y=(np.arange(ROWS) % 3).astype(np.int64))  # stored, not compressed
    return out.getvalue()


def test_previews_of_a_large_upload_at_once_keep_the_servers_memory(tmp_path: Path) -> None:
    with start(tmp_path / "data", TORCHCANVAS_CPU_SLOTS="2") as server:
        cookies = {OWNER_COOKIE: issued_cookie(server.url)}
        with httpx.Client(base_url=server.url, timeout=120, cookies=cookies) as client:
            reply = client.post("/api/datasets", files={"file": ("big.npz", _big_npz())})
            assert reply.status_code == 201, reply.text
            upload_id = reply.json()["id"]
        time.sleep(1)
        before = _rss_mib(server.pid)
        peak, answers, stop = [before], [], threading.Event()

        def watch() -> None:
            while not stop.is_set():
                peak.append(_rss_mib(server.pid))
                time.sleep(0.02)

        def preview() -> None:
            with httpx.Client(base_url=server.url, timeout=120, cookies=cookies) as asker:
                answers.append(asker.get(f"/api/datasets/{upload_id}/preview"))

        watcher = threading.Thread(target=watch)
        watcher.start()
        askers = [threading.Thread(target=preview) for _ in range(PREVIEWS)]
        started = time.monotonic()
        for asker in askers:
            asker.start()
        for asker in askers:
            asker.join()
        took = time.monotonic() - started
        stop.set()
        watcher.join()
        after = _rss_mib(server.pid)
    assert all(a.status_code in (200, 429, 503) for a in answers), [a.text[:200] for a in answers]
    shown = [a.json() for a in answers if a.status_code == 200]
    assert shown, "no preview answered"
    assert shown[0]["x_shape"][1] == FEATURES
    assert len(shown[0]["rows"]) == 12
    # A whole read of x is 73 MiB (and each concurrent one another): the samples are a few pages.
    assert max(peak) - before < 40, f"{before:.0f} MiB before, {max(peak):.0f} at the peak"
    assert after - before < 20, f"{before:.0f} MiB before, {after:.0f} after"
    assert took < 20, f"{PREVIEWS} previews took {took:.1f} s"


def test_the_cache_of_whole_uploads_is_bounded_by_bytes_and_forgets_a_deleted_one(
    tmp_path: Path,
) -> None:
    small = ArrayCache(max_bytes=700)
    reads: list[Path] = []

    def read(folder: Path) -> ArraySplit:
        reads.append(folder)
        rows = 40 if folder.name == "big" else 10
        x, y = np.zeros((rows, 2), np.float32), np.zeros(rows, np.int64)
        return ArraySplit(x, y, x[:1], y[:1])  # 10 rows: 176 bytes; 40 rows: 656

    for name in ("a", "b", "big"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "meta.json").write_text("{}")
    small.get(tmp_path / "a", read), small.get(tmp_path / "b", read)
    assert small.cached_bytes == 2 * 176
    small.get(tmp_path / "big", read)  # fits alone: a and b make way for it
    assert small.cached_bytes == 656
    small.get(tmp_path / "a", read)
    assert small.cached_bytes == 176 and reads == [tmp_path / n for n in ("a", "b", "big", "a")]
    (tmp_path / "a" / "meta.json").unlink()  # deleted by another process
    small.get(tmp_path / "a", read)
    assert len(reads) == 5


def test_a_deleted_upload_leaves_the_cache(tmp_path: Path) -> None:
    with open_client(tmp_path) as client:
        upload_id = upload(client, "a.csv", blobs_csv(seed=1), target="species")["id"]
        load_arrays(tmp_path, upload_id)  # read whole, as training reads it (a download maps them)
        folder = datasets_folder(tmp_path) / upload_id
        assert ARRAY_CACHE.holds(folder)
        assert client.delete(f"/api/datasets/{upload_id}").status_code == 204
        assert not ARRAY_CACHE.holds(folder)
