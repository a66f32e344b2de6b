"""An upload's file is sent from the disk a block at a time: a large one downloaded over a real
socket (TestClient gathers a whole body before it answers) holds little memory in the server, and
comes whole, byte for byte, with the headers a download has."""

import hashlib
import io
import time
import tracemalloc
from pathlib import Path

import httpx2 as httpx
import numpy as np

from tests.backend.live_server import live_server

ROWS, FEATURES = 40_000, 256  # float32: 41 MB of x, and so of the file made from it
MIB = 2**20


def _table_npz() -> bytes:
    rng = np.random.default_rng(0)
    out = io.BytesIO()
    x = rng.normal(size=(ROWS, FEATURES)).astype(np.float32)
    np.savez(out, x=x, y=(np.arange(ROWS) % 3).astype(np.int64))
    return out.getvalue()


def _download(client: httpx.Client, url: str) -> tuple[httpx.Response, str, int]:
    """The reply (headers), and the sha256 and length of its body, read a block at a time."""
    digest, length = hashlib.sha256(), 0
    with client.stream("GET", url) as reply:
        for block in reply.iter_bytes(64 * 1024):
            digest.update(block)
            length += len(block)
    return reply, digest.hexdigest(), length


def test_a_large_uploads_file_is_streamed_from_the_disk(tmp_path: Path) -> None:
    """Made for each download (not kept: a kept copy doubled what the upload took on disk), the
    same bytes each time, and deleted once sent."""
    with live_server(tmp_path) as server:
        cookies = dict([server.cookie.split("=", 1)])
        with httpx.Client(base_url=server.url, cookies=cookies, timeout=120) as client:
            reply = client.post("/api/datasets", files={"file": ("table.npz", _table_npz())})
            assert reply.status_code == 201, reply.text
            upload_id = reply.json()["id"]
            url = f"/api/datasets/{upload_id}/file"
            _, first, size = _download(client, url)
            tracemalloc.start()  # the server's threads and the client's, all in this process
            try:
                got, sha, length = _download(client, url)
                peak = tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()
            folder = tmp_path / "datasets" / upload_id
            deadline = time.monotonic() + 10
            while _kept(folder) and time.monotonic() < deadline:  # deleted once sent
                time.sleep(0.05)
            assert not _kept(folder), _kept(folder)
    assert got.status_code == 200
    assert (sha, length) == (first, size) and size > 32 * MIB  # the same bytes, all of them
    assert peak < 8 * MIB, f"{peak / MIB:.1f} MiB held to make and send a {size / MIB:.0f} MiB file"
    assert got.headers["content-length"] == str(size)
    assert got.headers["content-type"] == "application/octet-stream"
    assert got.headers["content-disposition"] == 'attachment; filename="table.npz"'
    assert got.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'self'" in got.headers["content-security-policy"]


def _kept(folder: Path) -> list[str]:
    """What the upload's folder holds besides its arrays and meta.json."""
    return sorted(p.name for p in folder.iterdir() if p.suffix != ".npy" and p.name != "meta.json")
