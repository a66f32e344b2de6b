"""`python -m torchcanvas backup DEST` while a server trains: a server started on the copy has
the runs and uploads its database held, their files byte for byte, and a run that was training
goes on with Continue; what the copy could not be is refused in one line, leaving nothing."""

import fcntl
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx2 as httpx

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING, wait_for
from tests.backend.upload_files import blobs_csv
from tests.serve import free_port, server_env, start
from torchcanvas.backup import back_up
from torchcanvas.store.db import DATABASE_NAME, Database
from torchcanvas.training.run_folder import RunFolder


def _backup(data: Path, dest: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "torchcanvas", "backup", str(dest)],
        env=server_env(data, free_port()),
        capture_output=True,
        text=True,
        timeout=120,
    )


def _until_checkpoint(folder: RunFolder) -> None:
    deadline = time.monotonic() + 90
    while not folder.checkpoints():
        assert time.monotonic() < deadline, "the run saved no checkpoint"
        time.sleep(0.05)


def test_a_backup_taken_while_a_run_trains_starts_a_server_with_everything(
    tmp_path: Path,
) -> None:
    live, copy = tmp_path / "live", tmp_path / "copy"
    short = {"design": DIGITS_CNN, "training": {**DIGITS_TRAINING, "epochs": 1}}
    long = {"design": DIGITS_CNN, "training": {**DIGITS_TRAINING, "epochs": 500, "batch_size": 8}}
    with start(live) as server, httpx.Client(base_url=server.url, timeout=30) as client:
        done = client.post("/api/runs", json=short).json()["id"]
        wait_for(client, done, {"succeeded"})  # type: ignore[arg-type]
        upload = client.post(
            "/api/datasets", files={"file": ("mine.csv", blobs_csv())}, data={"target": "species"}
        )
        assert upload.status_code == 201, upload.text
        training = client.post("/api/runs", json=long).json()["id"]
        _until_checkpoint(RunFolder(live / "runs" / training))
        taken = _backup(live, copy)  # as it trains
        assert taken.returncode == 0, taken.stderr
        assert taken.stdout.startswith(f"Backed up {live} to {copy}: 2 runs and 1 upload. "), (
            taken.stdout
        )
        weights = client.get(f"/api/runs/{done}/weights.safetensors").content
        cookies = client.cookies
    assert not (copy / "server.lock").exists()  # a live server's, not the copy's
    with (
        start(copy) as server,
        httpx.Client(base_url=server.url, timeout=30, cookies=cookies) as client,
    ):
        # The owner's cookie still opens its runs and upload: the key that signs it is copied.
        listed = {run["id"] for run in client.get("/api/runs").json()}
        assert {done, training} <= listed, listed
        assert client.get(f"/api/runs/{done}/weights.safetensors").content == weights
        datasets = client.get("/api/datasets").json()
        assert upload.json()["id"] in {d["id"] for d in datasets}, datasets
        run = wait_for(client, training, {"failed"})  # type: ignore[arg-type]
        assert run["error"].startswith("The server stopped before this run finished."), run
        reply = client.post(f"/api/runs/{training}/continue", json={"epochs": 1})
        assert reply.status_code == 200, reply.text
        wait_for(client, training, {"succeeded"}, timeout=90)  # type: ignore[arg-type]


def test_only_the_runs_and_uploads_the_copied_database_holds_are_copied(tmp_path: Path) -> None:
    """Files of a run or upload begun after the database was copied are left out: an upload the
    database does not know would be taken, by a server started on the copy, for one from before
    uploads had owners (everyone's)."""
    data = tmp_path / "data"
    data.mkdir()
    Database(data / DATABASE_NAME).close()
    for folder in ("runs/0123456789abcdef", "datasets/upload-0123456789ab", "datasets/digits"):
        (data / folder).mkdir(parents=True)
        (data / folder / "file.bin").write_bytes(b"x")
    # What a server at work leaves part-way: an upload arriving, one being deleted, a file
    # written beside its name, safetensors' own, a download's.
    (data / "datasets" / ".partial-upload-aaaaaaaaaaaa").mkdir()
    (data / "datasets" / ".removed-0123456789abcdef").mkdir()
    for part in ("weights.safetensors.partial", ".tmpAb12Cd", ".train.npz.1a2b3c4d.part"):
        (data / "datasets" / "digits" / part).write_bytes(b"x")
    (data / "server.lock").write_text("1\n")
    # An upload's row is written before its files: one still arriving is not counted.
    with sqlite3.connect(data / DATABASE_NAME) as db:
        db.execute("INSERT INTO uploads (id) VALUES ('upload-aaaaaaaaaaaa')")
    db.close()
    assert back_up(data, tmp_path / "copy") == (0, 0)
    copied = sorted(
        p.relative_to(tmp_path / "copy").as_posix() for p in (tmp_path / "copy").rglob("*")
    )
    assert copied == [
        "datasets",
        "datasets/digits",
        "datasets/digits/file.bin",
        DATABASE_NAME,
    ]


def test_a_backup_that_cannot_be_made_says_why_and_leaves_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    assert _backup(data, tmp_path / "copy").stderr == (
        f"TorchCanvas cannot back up: The data folder {data} holds no TorchCanvas database "
        "(torchcanvas.db): set TORCHCANVAS_DATA to the folder the server uses.\n"
    )
    Database(data / DATABASE_NAME).close()
    (tmp_path / "taken").mkdir()
    said = {
        tmp_path / "taken": "already exists: name a folder that does not",
        data / "inside": f"is inside the data folder {data}: name a folder outside it",
        tmp_path / "no" / "such": f"The folder {tmp_path / 'no'} does not exist: make it first.",
    }
    for dest, words in said.items():
        refused = _backup(data, dest)
        assert refused.returncode == 2 and words in refused.stderr, refused.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "taken"]
    assert sorted(p.name for p in data.iterdir()) == [DATABASE_NAME]


def test_two_backups_to_one_folder_at_once_are_one_and_a_refusal(tmp_path: Path) -> None:
    """A second backup to the folder a first is writing removed the first's files under it, and
    the first then said it had backed up a copy without its database (a review)."""
    data = tmp_path / "data"
    data.mkdir()
    Database(data / DATABASE_NAME).close()
    dest = tmp_path / "copy"
    (tmp_path / ".copy.incomplete").mkdir()  # a backup to it cut short before
    (tmp_path / ".copy.incomplete" / "stale.bin").write_bytes(b"x")
    fd = os.open(tmp_path / ".copy.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)  # as the first backup holds it
    try:
        refused = _backup(data, dest)
    finally:
        os.close(fd)
    assert refused.returncode == 2
    assert refused.stderr == (
        f"TorchCanvas cannot back up: Another backup to {dest} is under way: wait for it to "
        "end, or name another folder.\n"
    )
    assert (tmp_path / ".copy.incomplete" / "stale.bin").exists()  # the first's: untouched
    taken = _backup(data, dest)  # the first one over, a backup goes ahead
    assert taken.returncode == 0, taken.stderr
    assert sorted(p.name for p in dest.iterdir()) == [DATABASE_NAME]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy", "data"]
