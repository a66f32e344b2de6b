"""Train more as a new run, made outside the queue's lock (runs/run_copies.py): the copy's files
are staged while every other Train and Continue goes on, then the run is checked again and the
copy queued in the lock; copies at once share their owner's quota and the disk; and a copy
refused or failed on the way leaves nothing behind, not even a tombstone."""

import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx2 as httpx
import pytest
from fastapi.testclient import TestClient

from tests.backend.conftest import ENDED, open_client, wait_for
from tests.backend.small_disk import small_disk
from tests.backend.test_more_as_new_run import MORE, _folder, _owner_hash, _train
from torchcanvas.api.app import create_app
from torchcanvas.config import ServerConfig
from torchcanvas.store.folder_copy import NoRoom, SpaceClaims
from torchcanvas.store.free_space import free_bytes

MIB = 2**20
STALE = ".staged-0123456789abcdef"  # a copy a stopped server left staged, never queued


@pytest.fixture(scope="module")
def client(data_dir: Path) -> Iterator[TestClient]:
    """The module's server, started on a data folder where a stopped one left a copy staged."""
    stale = data_dir / "runs" / STALE
    stale.mkdir(parents=True)
    (stale / "weights.safetensors").write_bytes(bytes(4096))
    with open_client(data_dir) as test_client:
        yield test_client


@contextmanager
def held(client: TestClient, queue: bool = True) -> Iterator[None]:
    """Holds what a Train or Continue of another user holds while it is queued: the run quota's
    lock (api/services.py) and, with `queue`, the run service's queue lock."""
    services = client.app.state.services  # type: ignore[attr-defined]
    with ExitStack() as stack:
        stack.enter_context(services.queueing)
        if queue:
            stack.enter_context(services.run_service._queueing)
        yield


class Sent:
    """A request sent on a thread of its own, answered meanwhile or later."""

    def __init__(self, send: Callable[[], httpx.Response]) -> None:
        self.reply: httpx.Response | None = None
        self._thread = threading.Thread(target=self._send, args=(send,), daemon=True)
        self._thread.start()

    def _send(self, send: Callable[[], httpx.Response]) -> None:
        self.reply = send()

    def answered(self, timeout: float = 60) -> httpx.Response:
        self._thread.join(timeout)
        assert self.reply is not None, f"no answer within {timeout} s"
        return self.reply


def _copy_of(client: TestClient, run_id: str) -> Sent:
    return Sent(lambda: client.post(f"/api/runs/{run_id}/continue", json=MORE))


def _staged(runs: Path, before: set[str], names: set[str], timeout: float = 30) -> Path:
    """The copy's folder, new in `runs` since `before`, once it holds every file in `names`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for name in set(os.listdir(runs)) - before:
            folder = runs / name
            if {p.name for p in folder.iterdir()} == names:
                return folder
        time.sleep(0.02)
    raise AssertionError(f"no copy's files were staged in {runs} within {timeout} s")


def _files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir() if p.is_file()}


def _tombstones(client: TestClient) -> set[str]:
    db = client.app.state.services.db  # type: ignore[attr-defined]
    return {row[0] for row in db.execute("SELECT run_id FROM deleted_runs")}


def test_a_copy_left_staged_by_a_stopped_server_is_removed_at_the_start(
    client: TestClient, data_dir: Path
) -> None:
    assert not (data_dir / "runs" / STALE).exists()


def test_a_copys_files_are_staged_while_the_queue_is_held(client: TestClient) -> None:
    """A copy where the disk has no hard links takes a while: every Train and Continue of every
    user waited on the queue's lock meanwhile. Here the queue is held, as a Train being queued
    holds it, and the copy's files are staged all the same; only its queueing waits."""
    run_id = _train(client, name="staged")
    source = _folder(client, run_id)
    before = set(os.listdir(source.parent))
    with held(client):
        copying = _copy_of(client, run_id)
        staged = _staged(source.parent, before, _files(source))  # every file of the source
        assert staged.name not in before and copying.reply is None  # it waits to be queued
        inode = staged.stat().st_ino
    reply = copying.answered()
    assert reply.status_code == 200, reply.text
    copy_id = reply.json()["id"]
    # The staged folder became the copy's, as it was: not copied again (its files, as the copy
    # goes on training at once, are its own by now: a checkpoint it was writing was seen).
    assert not staged.exists() and _folder(client, copy_id).stat().st_ino == inode
    assert wait_for(client, copy_id, ENDED, timeout=120)["status"] == "succeeded"


def test_a_copy_refused_as_a_new_run_copies_nothing_first(client: TestClient) -> None:
    """At the owner's quota of active runs, Train more as a new run is refused as Train is: its
    files were copied first (up to the owner's disk quota with no hard links), then removed.
    The quota's lock is held meanwhile: the refusal comes before any copy, and without the lock."""
    run_id = _train(client, name="refused")
    runs = _folder(client, run_id).parent
    before = set(os.listdir(runs))
    settings = client.app.state.services.settings  # type: ignore[attr-defined]
    allowed, settings.max_active_runs = settings.max_active_runs, 0
    try:
        with held(client, queue=False):
            refused = _copy_of(client, run_id).answered(timeout=30)
            assert set(os.listdir(runs)) == before
    finally:
        settings.max_active_runs = allowed
    assert refused.status_code == 429, refused.text
    assert "TORCHCANVAS_MAX_ACTIVE_RUNS=0" in refused.json()["detail"]


def test_copies_at_once_count_together_in_the_owners_quota(client: TestClient) -> None:
    """Each copy was checked against the runs stored, where a copy under way is not yet: two at
    once both passed, past the quota. A copy under way now holds what it will count."""
    run_id = _train(client, name="twice")
    services = client.app.state.services  # type: ignore[attr-defined]
    source = _folder(client, run_id)
    used = services.run_disk.of_owner(_owner_hash(client, run_id))
    adding = services.run_service.run_copies.copy_bytes(run_id)
    limit = services.settings.max_run_bytes_per_owner
    before = set(os.listdir(source.parent))
    try:
        services.settings.max_run_bytes_per_owner = used + adding * 3 // 2  # room for one copy
        with held(client):
            first = _copy_of(client, run_id)
            _staged(source.parent, before, _files(source))  # it holds its part of the quota
            # Refused at once, while the first waits for the queue: it copies nothing.
            refused = _copy_of(client, run_id).answered(timeout=30)
            assert refused.status_code == 429, refused.text
            assert len(set(os.listdir(source.parent)) - before) == 1
        detail = refused.json()["detail"]
        assert "counting a copy of runs being made" in detail, detail
        assert f"a copy of run {run_id} would take" in detail
        reply = first.answered()
        assert reply.status_code == 200, reply.text
    finally:
        services.settings.max_run_bytes_per_owner = limit
    assert wait_for(client, reply.json()["id"], ENDED, timeout=120)["status"] == "succeeded"


def test_a_run_deleted_or_continued_while_copied_is_not_copied(client: TestClient) -> None:
    """The run is checked again in the queue's lock, where a delete and a Continue take their
    turns: a copy of files from before and a log from after, or of a run gone, is not made."""
    services = client.app.state.services  # type: ignore[attr-defined]
    deleted, continued = _train(client, name="deleted"), _train(client, name="continued")
    runs = _folder(client, deleted).parent
    before, tombstones = set(os.listdir(runs)), _tombstones(client)
    listed = {r["id"] for r in client.get("/api/runs").json()}

    def delete() -> None:
        assert client.delete(f"/api/runs/{deleted}").status_code == 204

    def go_on() -> None:  # as Continue does, past the run quota's lock that the test holds
        services.run_service.continue_run(continued, 1)

    for run_id, change, status, words in (
        (deleted, delete, 410, f"Run {deleted} was deleted while it was being copied"),
        (continued, go_on, 409, f"Run {continued} "),  # is queued, is running, or went on
    ):
        files = _files(_folder(client, run_id))
        with held(client, queue=False):
            copying = _copy_of(client, run_id)
            _staged(runs, before, files)
            change()
        reply = copying.answered()
        assert reply.status_code == status, reply.text
        assert reply.json()["detail"].startswith(words), reply.text
        assert "while it was being copied" in reply.json()["detail"]
    wait_for(client, continued, ENDED, timeout=120)
    assert set(os.listdir(runs)) == before - {deleted}
    assert {r["id"] for r in client.get("/api/runs").json()} == listed - {deleted}
    assert _tombstones(client) == tombstones | {deleted}


def test_a_copy_that_fails_once_its_rows_are_written_leaves_no_tombstone(
    client: TestClient,
) -> None:
    """A copy is undone where anything fails after its rows are written. Undone as a delete, it
    left a tombstone, and a run id nobody was ever shown read as one its owner had deleted."""
    run_id = _train(client, name="undone")
    source = _folder(client, run_id)
    before, tombstones = set(os.listdir(source.parent)), _tombstones(client)
    listed = {r["id"] for r in client.get("/api/runs").json()}
    with held(client):
        copying = _copy_of(client, run_id)
        staged = _staged(source.parent, before, _files(source))
        for checkpoint in staged.glob("checkpoint-*.safetensors"):
            checkpoint.unlink()  # the copy cannot go on: Continue's check refuses it, in the lock
    reply = copying.answered()
    assert reply.status_code == 409, reply.text
    assert "has no checkpoint to continue from" in reply.json()["detail"]
    assert set(os.listdir(source.parent)) == before
    assert {r["id"] for r in client.get("/api/runs").json()} == listed
    assert _tombstones(client) == tombstones


def test_copies_claim_the_disk_they_write_together() -> None:
    """Two copies that each looked at the free space could both write into the same last bytes;
    a claim is checked and held in one step, so the second sees the first's."""
    here = Path(__file__).parent
    size = free_bytes(here) // 4  # far past what the disk's other writers change meanwhile
    claims = SpaceClaims(here)
    keep_free = free_bytes(here) - size * 3 // 2  # room for one
    with claims.claim(size, keep_free, "a copy of run a"):
        with pytest.raises(NoRoom) as refused, claims.claim(size, keep_free, "a copy of run b"):
            pass
        assert "a copy of run b would take" in str(refused.value.strerror)
    with claims.claim(size, keep_free, "a copy of run b"):  # the first's claim is given back
        pass


def test_without_hard_links_a_copy_claims_its_space_before_it_writes(tmp_path: Path) -> None:
    """The run's folder on a file system of its own: the copy's files cannot be links to it
    (EXDEV), so they are copies, which take the disk; one that would take it below the free
    space the server keeps is refused before it writes, leaving nothing."""
    with small_disk(tmp_path / "data", 96 * MIB) as data:
        settings = ServerConfig(
            pin_cores=False, data_dir=data, workers=1, worker_threads=1, min_free_bytes=0
        )
        with TestClient(create_app(settings)) as client:
            services = client.app.state.services  # type: ignore[attr-defined]
            run_id = _train(client, name="apart")
            source = _folder(client, run_id)
            files = {p.name: p.read_bytes() for p in source.iterdir()}
            files["padding.bin"] = os.urandom(8 * MIB)  # a large run's files, in short
            with small_disk(source, 32 * MIB):
                for name, content in files.items():
                    (source / name).write_bytes(content)
                before, tombstones = set(os.listdir(source.parent)), _tombstones(client)
                services.settings.min_free_bytes = free_bytes(data) - 4 * MIB
                reply = client.post(f"/api/runs/{run_id}/continue", json=MORE)
                assert reply.status_code == 507, reply.text
                detail = reply.json()["detail"]
                assert f"a copy of run {run_id} would take 8 MiB more" in detail, detail
                assert "TORCHCANVAS_MIN_FREE_BYTES" in detail
                assert set(os.listdir(source.parent)) == before
                assert _tombstones(client) == tombstones
                services.settings.min_free_bytes = 0
                reply = client.post(f"/api/runs/{run_id}/continue", json=MORE)
                assert reply.status_code == 200, reply.text
                copied = _folder(client, reply.json()["id"]) / "padding.bin"
                assert copied.read_bytes() == files["padding.bin"]
                assert copied.stat().st_nlink == 1  # a copy, not a link
                assert wait_for(client, reply.json()["id"], ENDED, timeout=120)["status"] == (
                    "succeeded"
                )
