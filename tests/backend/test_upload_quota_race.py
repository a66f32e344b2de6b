"""Uploads sent at once by one owner share the owner's quota: each reserves what it will take
once stored before it is written, so together they stay within it (ten at once were all stored,
past the quota tenfold, each checked against the uploads stored before its body came)."""

import threading
from pathlib import Path

import httpx2 as httpx
import pytest
from fastapi import HTTPException

from tests.backend.conftest import issued_cookie, open_client
from tests.backend.upload_files import blobs_csv
from tests.serve import start
from torchcanvas.api.access import OWNER_COOKIE
from torchcanvas.api.quotas import upload_bytes
from torchcanvas.api.upload_quota import UploadReservations

AT_ONCE = 8
FILE = blobs_csv(rows=20_000)  # long enough to parse that the uploads overlap
TARGET = {"target": "species"}


def _stored_size(tmp_path: Path) -> int:
    """What one upload of blobs_csv() takes once stored."""
    # The app in this process: the size is the storage's, the same in any process; the race
    # below is what needs a server of its own.
    with open_client(tmp_path / "one") as client:
        reply = client.post("/api/datasets", files={"file": ("b.csv", FILE)}, data=TARGET)
        assert reply.status_code == 201, reply.text
        return upload_bytes(tmp_path / "one", [reply.json()["id"]])


def test_uploads_at_once_stay_within_the_owners_quota(tmp_path: Path) -> None:
    size = _stored_size(tmp_path)
    quota = size * 5 // 2  # room for two
    data = tmp_path / "data"
    env = {
        "TORCHCANVAS_MAX_UPLOAD_BYTES_PER_OWNER": str(quota),
        "TORCHCANVAS_CPU_SLOTS": str(AT_ONCE),
    }
    with start(data, **env) as server:
        cookies = {OWNER_COOKIE: issued_cookie(server.url)}
        replies: list[httpx.Response] = []
        ready = threading.Barrier(AT_ONCE)

        def send() -> None:
            with httpx.Client(base_url=server.url, timeout=60, cookies=cookies) as client:
                ready.wait()
                replies.append(
                    client.post("/api/datasets", files={"file": ("b.csv", FILE)}, data=TARGET)
                )

        senders = [threading.Thread(target=send) for _ in range(AT_ONCE)]
        for sender in senders:
            sender.start()
        for sender in senders:
            sender.join()
        with httpx.Client(base_url=server.url, timeout=60, cookies=cookies) as client:
            kept = [d["id"] for d in client.get("/api/datasets").json()]
    statuses = sorted(r.status_code for r in replies)
    assert statuses == [201, 201] + [429] * (AT_ONCE - 2), [r.text[:200] for r in replies]
    refused = next(r for r in replies if r.status_code == 429).json()["detail"]
    assert "TORCHCANVAS_MAX_UPLOAD_BYTES_PER_OWNER" in refused
    assert len(kept) == 2 and upload_bytes(data, kept) <= quota
    assert not [p for p in (data / "datasets").iterdir() if p.name.startswith(".")]


def test_an_upload_in_progress_counts_until_it_ends(tmp_path: Path) -> None:
    reservations = UploadReservations()
    both = ["upload-a", "upload-b"]  # recorded in the database, neither stored yet: no files
    reservations.reserve(tmp_path, "owner", "upload-a", 600, 1000, lambda: both)
    with pytest.raises(HTTPException) as refused:
        reservations.reserve(tmp_path, "owner", "upload-b", 600, 1000, lambda: both)
    assert refused.value.status_code == 429
    assert str(refused.value.detail).startswith(
        "Your uploads take 600 bytes (1 still being stored), and this one would take 600 bytes"
    )
    reservations.reserve(tmp_path, "owner", "upload-a", 300, 1000, lambda: both)  # its exact size
    reservations.reserve(tmp_path, "owner", "upload-b", 600, 1000, lambda: both)
    reservations.reserve(tmp_path, "another", "upload-c", 1000, 1000, lambda: ["upload-c"])
    reservations.release("owner", "upload-a")  # discarded: nothing of it counts
    reservations.reserve(tmp_path, "owner", "upload-d", 400, 1000, lambda: [*both, "upload-d"])


def test_the_reservations_keep_a_bounded_number_of_locks() -> None:
    """A lock for each client ever seen was kept for good (a soak review): a fixed few now."""
    reservations = UploadReservations()
    locks = {id(reservations._owner_lock(f"owner-{n}")) for n in range(1000)}
    assert len(locks) <= 64
    assert reservations._owner_lock("owner-1") is reservations._owner_lock("owner-1")
