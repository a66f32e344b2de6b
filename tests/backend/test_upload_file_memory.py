"""The first download of an upload's file makes it from the stored arrays a block of rows at a
time, read from them memory-mapped: a large upload's file is made holding a few MiB, where it
held its arrays twice over (read whole, then put in the file's order), and it is the same file,
byte for byte, as the one made whole in memory before."""

import io
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx2 as httpx
import numpy as np
import pytest
from fastapi.testclient import TestClient

from tests.backend.live_server import live_server
from tests.backend.test_dataset_files import made_zip
from tests.backend.upload_file_reference import upload_file_as_before
from tests.backend.upload_files import blobs_csv
from torchcanvas.training.data.storage import read_meta
from torchcanvas.training.npy_stream import NpzWriter

MIB = 2**20
ROWS, SIDE = 12_000, 32  # (N, 32, 32, 3) uint8 stored as (N, 3, 32, 32): 35 MiB of x


def _npz(**arrays: np.ndarray) -> bytes:
    out = io.BytesIO()
    np.savez(out, **arrays)
    return out.getvalue()


def _uploads() -> dict[str, tuple[str, bytes, dict[str, str]]]:
    """Each kind of file an upload gives back: its name, its bytes, the form's fields."""
    rng = np.random.default_rng(3)
    n = 90
    classes = np.arange(n) % 3
    return {
        "rgb images, channels last": ("rgb.npz", _npz(x=rng.integers(0, 255, (n, 8, 8, 3), dtype=np.uint8), y=classes), {}),
        "grey images, no channel": ("grey.npz", _npz(x=rng.random((n, 6, 6), dtype=np.float32), y=classes), {}),
        "one-hot labels": ("hot.npz", _npz(x=rng.normal(size=(n, 5)).astype(np.float32), y=np.eye(3, dtype=np.uint8)[classes]), {}),
        "text labels": ("text.npz", _npz(x=rng.normal(size=(n, 4)).astype(np.float32), y=np.array(["cat", "dog", "emu"])[classes]), {}),
        "regression": ("values.npz", _npz(x=rng.normal(size=(n, 3)), y=rng.normal(size=n) * 50 + 7), {}),
        "csv": ("blobs.csv", blobs_csv(), {"target": "species"}),
        "csv regression": ("blobs.csv", blobs_csv(), {"target": "f4", "drop": "species"}),
        "zip": ("shapes.zip", made_zip(), {}),
    }  # fmt: skip


Freeze = Callable[[float], None]


@pytest.fixture
def frozen_zip_time(monkeypatch: pytest.MonkeyPatch) -> Freeze:
    """The earlier way dated each picture of a ZIP the time it was written (zipfile's local
    time); the file dates them by the upload's time (UTC). Frozen at that time, the earlier
    way's file is the same to the byte. (An NPZ's entries are dated 1980, as np.savez's.)"""

    def freeze(at: float) -> None:
        monkeypatch.setattr(
            zipfile, "time", SimpleNamespace(time=lambda: at, localtime=time.gmtime)
        )

    return freeze


@pytest.mark.parametrize("kind", list(_uploads()))
def test_the_file_is_byte_for_byte_the_one_made_whole_before(
    client: TestClient, data_dir: Path, tmp_path: Path, kind: str, frozen_zip_time: Freeze
) -> None:
    name, content, fields = _uploads()[kind]
    reply = client.post("/api/datasets", files={"file": (name, content)}, data=fields)
    assert reply.status_code == 201, reply.text
    upload_id = reply.json()["id"]
    record = read_meta(data_dir, upload_id).record  # type: ignore[union-attr]
    expected = tmp_path / f"before.{record.format}"
    frozen_zip_time(record.created_at)
    upload_file_as_before(data_dir, record, expected)
    got = client.get(f"/api/datasets/{upload_id}/file")
    assert got.status_code == 200, got.text
    assert got.content == expected.read_bytes(), kind
    assert client.get(f"/api/datasets/{upload_id}/file").content == got.content  # made again


LAYOUTS = [
    # x as stored (N, C, H, W), and as the file has it
    ((5, 3, 4, 4), lambda x: np.moveaxis(x, 1, 3)),  # (N, H, W, C): neither C nor F order
    ((1, 3, 1, 4), lambda x: np.moveaxis(x, 1, 3)),  # one sample of (1, 4, 3): Fortran order
    ((5, 1, 4, 4), lambda x: x[:, 0]),
    ((7, 2), lambda x: x),
]


@pytest.mark.parametrize(("shape", "layout"), LAYOUTS)
@pytest.mark.parametrize("rows_a_block", [1, 2, 100])
def test_an_npz_written_a_block_at_a_time_is_np_savezs(
    shape: tuple[int, ...], layout: Any, rows_a_block: int
) -> None:
    x = np.arange(np.prod(shape), dtype=np.float32).reshape(shape)
    y = np.array(["cat", "dog", "emu", "fox", "gnu", "hen", "ibis"][: shape[0]])
    whole, blocks = io.BytesIO(), io.BytesIO()
    np.savez(whole, x=layout(x), y=y)
    with NpzWriter(blocks) as npz:
        starts = range(0, shape[0], rows_a_block)
        npz.add("x", shape[0], (x[i : i + rows_a_block] for i in starts), layout)
        npz.add("y", shape[0], (y[i : i + rows_a_block] for i in starts))
    assert blocks.getvalue() == whole.getvalue()


def _images_npz() -> bytes:
    rng = np.random.default_rng(0)
    x = rng.integers(0, 255, (ROWS, SIDE, SIDE, 3), dtype=np.uint8)  # channels last: laid out again
    return _npz(x=x, y=(np.arange(ROWS) % 10).astype(np.int64))


def test_a_large_uploads_file_is_made_holding_a_few_mib(tmp_path: Path) -> None:
    with live_server(tmp_path) as server:
        cookies = dict([server.cookie.split("=", 1)])
        with httpx.Client(base_url=server.url, cookies=cookies, timeout=120) as client:
            reply = client.post("/api/datasets", files={"file": ("big.npz", _images_npz())})
            assert reply.status_code == 201, reply.text
            upload_id = reply.json()["id"]
            tracemalloc.start()  # the server's threads and the client's, all in this process
            try:
                got = _first_download(
                    client, f"/api/datasets/{upload_id}/file", tmp_path / "got.npz"
                )
                peak = tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()
    assert got["status"] == 200
    size = got["path"].stat().st_size
    assert got["length"] == size > 32 * MIB
    # Made whole, it held x read (35 MiB) and x in the file's order (35 MiB) at once.
    assert peak < 8 * MIB, f"{peak / MIB:.1f} MiB held to make a {size / MIB:.0f} MiB file"
    with np.load(got["path"]) as made:
        assert made["x"].shape == (ROWS, SIDE, SIDE, 3)
        assert np.bincount(made["y"]).tolist() == [ROWS // 10] * 10


def _first_download(client: httpx.Client, url: str, to: Path) -> dict[str, Any]:
    """The download's status and length, its body written to `to` a block at a time."""
    length = 0
    with client.stream("GET", url) as reply, to.open("wb") as out:
        for block in reply.iter_bytes(64 * 1024):
            length += len(block)
            out.write(block)
    return {"status": reply.status_code, "length": length, "path": to}
