"""A dataset upload on a real small disk (a tmpfs): one that does not fit answers 507 and leaves
nothing behind."""

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi.testclient import TestClient

from tests.backend.small_disk import fill_to, small_disk
from tests.backend.upload_files import shapes_zip
from torchcanvas.api.app import create_app
from torchcanvas.config import ServerConfig
from torchcanvas.sizes import size_text

MIB = 2**20
# 1,000 pictures of 20 by 20 pixels, about 0.6 MiB zipped, stored as (3, 48, 48) uint8: 6.6 MiB.
PICTURES = shapes_zip(per_class=500)
STORED = 1000 * 3 * 48 * 48


@contextmanager
def server_on_small_disk(tmp_path: Path, keep_free: int) -> Iterator[tuple[TestClient, Path]]:
    """A server whose data folder is on a 32 MiB tmpfs, keeping `keep_free` bytes free."""
    with small_disk(tmp_path / "disk", 32 * MIB) as disk:
        settings = ServerConfig(
            pin_cores=False,
            data_dir=disk / "data",
            workers=1,
            worker_threads=1,
            min_free_bytes=keep_free,
        )
        with TestClient(create_app(settings)) as client:
            yield client, disk


def _upload(client: TestClient) -> tuple[int, str]:
    reply = client.post(
        "/api/datasets",
        files={"file": ("pictures.zip", PICTURES, "application/zip")},
        data={"image_size": "48"},
    )
    return reply.status_code, reply.text if reply.status_code != 201 else ""


def _nothing_left(client: TestClient, disk: Path) -> None:
    assert client.get("/api/datasets").json() == []
    assert list((disk / "data" / "datasets").iterdir()) == []  # no .partial-* folder


def test_an_upload_whose_arrays_meet_a_full_disk_answers_507(tmp_path: Path) -> None:
    """Room for the upload's file but not for its arrays: numpy's write failed with an OSError
    without an errno, answered 500 (a review on a 40 MB tmpfs)."""
    with server_on_small_disk(tmp_path, keep_free=0) as (client, disk):
        filler = fill_to(disk, 3 * MIB)
        status, text = _upload(client)
        assert status == 507, text
        assert "The server's disk" in text and "free space in its data folder" in text, text
        _nothing_left(client, disk)
        filler.unlink()
        assert _upload(client) == (201, "")  # with room, the same upload is stored
        assert shutil.disk_usage(disk).free > STORED


def test_an_upload_keeps_the_free_space_the_server_keeps(tmp_path: Path) -> None:
    """Free space above TORCHCANVAS_MIN_FREE_BYTES as its body comes, but not for what it
    stores: it was stored, taking the disk from above the setting to nearly nothing (a review),
    where the disk watch stops every running run. It claims its room first, as copies do."""
    keep_free = 4 * MIB
    with server_on_small_disk(tmp_path, keep_free) as (client, disk):
        filler = fill_to(disk, keep_free + 3 * MIB)
        free = shutil.disk_usage(disk).free
        status, text = _upload(client)
        assert status == 507, text
        detail = json.loads(text)["detail"]
        assert detail.startswith(f"The server's disk has {size_text(free)} free, and this upload ")
        assert detail.endswith(
            f"would take {size_text(STORED)} more once stored, past the 4 MiB the server "
            "keeps free (TORCHCANVAS_MIN_FREE_BYTES). Whoever runs it should free space in its "
            "data folder (delete old runs or uploads); or upload a smaller dataset (fewer "
            "samples, or a ZIP's pictures at a smaller image_size)."
        )
        _nothing_left(client, disk)
        assert shutil.disk_usage(disk).free >= keep_free
        # What fits beside the space kept is stored: 1,000 pictures of (3, 16, 16).
        small = client.post(
            "/api/datasets",
            files={"file": ("pictures.zip", PICTURES, "application/zip")},
            data={"image_size": "16"},
        )
        assert small.status_code == 201, small.text
        assert shutil.disk_usage(disk).free >= keep_free
        filler.unlink()
