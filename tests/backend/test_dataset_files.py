"""An upload's file, downloaded by its owner: the run's script reads it as the run's own data."""

import io
import re
import time
import zipfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
import torch
from fastapi.testclient import TestClient
from PIL import Image

from torchcanvas.api.routes.dataset_files import download_name
from torchcanvas.training.data import find_dataset, load_split
from torchcanvas.training.script_data import data_code

from .conftest import wait_for
from .test_codegen import run_script
from .test_datasets_upload import mlp, upload
from .test_script_upload import npz_file, photos_zip, prices_csv
from .upload_files import blobs_csv, shapes_zip

_EPOCH = re.compile(r"^epoch (\d+)  train_loss (\S+)  val_loss (\S+)", re.MULTILINE)


def made_zip(per_class: int = 8, side: int = 16) -> bytes:
    """A ZIP as "Make an image dataset" builds it in the browser: `Class/1.png`, RGBA PNGs already
    `side`×`side`, stored uncompressed."""
    rng = np.random.default_rng(5)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for label, bright in (("Circles", 200), ("Squares", 60)):
            for i in range(per_class):
                pixels = rng.integers(0, 80, (side, side, 4), dtype=np.uint8)
                pixels[4:12, 4:12, :3] += np.uint8(bright)
                pixels[..., 3] = 255
                picture = io.BytesIO()
                Image.fromarray(pixels, "RGBA").save(picture, format="PNG")
                archive.writestr(f"{label}/{i + 1}.png", picture.getvalue())
    return out.getvalue()


def _read_by_script(client: TestClient, dataset_id: str, path: Path) -> tuple[Any, ...]:
    """The script's load_data() on the file at `path` (as `python net.py PATH` reads it)."""
    info = find_dataset(dataset_id, client.app.state.services.settings.data_dir)  # type: ignore[attr-defined]
    part = data_code(info)
    code = "\n".join(sorted(part.imports)) + "\n" + part.code
    script: dict[str, Any] = {"__name__": "generated", "__file__": str(path)}
    exec(compile(code, "net.py", "exec"), script)
    script["DATA_FILE"] = str(path)
    return tuple(script["load_data"]())


@pytest.mark.parametrize(
    ("name", "data", "fields", "media"),
    [
        ("flowers.csv", blobs_csv(60), {"target": "species", "val_fraction": "0.25"}, "text/csv"),
        ("houses.csv", prices_csv(), {}, "text/csv"),
        ("excel.csv", prices_csv().replace(b",", b";").replace(b".", b","), {}, "text/csv"),
        ("stamps.csv", b"when,price,late\n" + b"".join(b"%d,123456.%02d,%d\n" % (10**9 + i * 7 % 81 - 40, 73 + i % 11, i * 7 % 81 > 40) for i in range(60)), {}, "text/csv"),
        ("stamps-regression.csv", b"when,price\n" + b"".join(b"%d,123456.%02d\n" % (10**9 + i * 7 % 81 - 40, 73 + i % 11) for i in range(60)), {"target": "when"}, "text/csv"),
        ("pandas.csv", b",id,a,b,label,\n" + b"".join(b"%d,C%d,%d,%d,c%d,\n" % (i, i, i, i % 7, i % 3) for i in range(40)), {"drop": ["id"]}, "text/csv"),
        ("pairs.npz", npz_file(x=np.arange(120.0).reshape(40, 3), y=np.array([2.0, 5.0] * 20)), {}, "application/octet-stream"),
        ("text.npz", npz_file(x=np.arange(40, dtype=np.uint8).reshape(40, 1), y=np.array(["b", "a"] * 20)), {}, "application/octet-stream"),
        ("sums.npz", npz_file(x=np.arange(40.0).reshape(20, 2), y=np.arange(20.0) + 0.5), {}, "application/octet-stream"),
        ("onehot.npz", npz_file(x=np.arange(60.0).reshape(20, 3), y=np.eye(3)[np.arange(20) % 3]), {}, "application/octet-stream"),
        ("hw.npz", npz_file(x=np.arange(20 * 9 * 8.0).reshape(20, 9, 8), y=np.arange(20) % 2), {}, "application/octet-stream"),
        ("hwc.npz", npz_file(x=np.arange(20 * 6 * 5 * 3, dtype=np.uint8).reshape(20, 6, 5, 3), y=np.arange(20) % 2), {}, "application/octet-stream"),
        ("made.zip", made_zip(), {"image_size": "16"}, "application/zip"),
        ("shapes.zip", shapes_zip(per_class=6), {"image_size": "12", "color": "grayscale"}, "application/zip"),
        ("photos.zip", photos_zip(), {"image_size": "8"}, "application/zip"),
    ],
    ids=["csv-classes", "csv-regression", "csv-semicolons", "csv-large-values", "csv-large-target", "csv-left-out", "npz", "npz-text",
         "npz-regression", "npz-one-hot", "npz-one-channel", "npz-channels-last", "zip-made",
         "zip-grey", "zip-photos"],
)  # fmt: skip
def test_the_downloaded_file_gives_the_script_exactly_the_tensors_the_run_trained_on(
    client: TestClient, tmp_path: Path, name: str, data: bytes, fields: dict[str, Any], media: str
) -> None:
    record = upload(client, name, data, **fields)
    reply = client.get(f"/api/datasets/{record['id']}/file")
    assert reply.status_code == 200, reply.text
    assert reply.headers["content-type"].split(";")[0] == media
    assert reply.headers["content-disposition"] == f'attachment; filename="{name}"'
    (tmp_path / name).write_bytes(reply.content)
    got = _read_by_script(client, record["id"], tmp_path / name)
    expected = load_split(record["id"], client.app.state.services.settings.data_dir)  # type: ignore[attr-defined]
    for mine, theirs in zip(
        got, (expected.x_train, expected.y_train, expected.x_val, expected.y_val), strict=True
    ):
        assert mine.dtype == theirs.dtype and torch.equal(mine, theirs)
    again = client.get(f"/api/datasets/{record['id']}/file")  # made again, dated alike
    assert again.content == reply.content


def test_two_downloads_seconds_apart_are_the_same_bytes_dated_by_the_upload(
    client: TestClient,
) -> None:
    """A ZIP's file is made for each download: its pictures are dated by the upload, not by
    when each was made (the same upload gave different bytes a second apart: CI)."""
    record = upload(client, "shapes.zip", shapes_zip(per_class=3))
    first = client.get(f"/api/datasets/{record['id']}/file").content
    time.sleep(2.1)  # a ZIP entry's time is to 2 s
    assert client.get(f"/api/datasets/{record['id']}/file").content == first
    made = time.gmtime(record["created_at"])[:6]
    made_even = (*made[:5], made[5] - made[5] % 2)
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {entry.date_time for entry in archive.infolist()} == {made_even}


def test_a_made_zip_runs_script_on_its_downloaded_file_prints_the_runs_numbers(
    client: TestClient, tmp_path: Path
) -> None:
    """The reviewer's case: a ZIP the browser made, trained on, then its script and its file
    downloaded and run as a person would, `python net.py made.zip`."""
    record = upload(client, "made.zip", made_zip(), image_size="16")
    training = {"dataset": record["id"], "loss": "CrossEntropyLoss", "optimizer": "Adam"}
    training |= {"lr": 0.01, "epochs": 2, "batch_size": 4}
    design = mlp("lenet", record["sample_shape"], 2, flatten=True)
    reply = client.post("/api/runs", json={"design": design, "training": training})
    assert reply.status_code == 201, reply.text
    run_id = reply.json()["id"]
    assert wait_for(client, run_id, {"succeeded", "failed"}, timeout=120)["status"] == "succeeded"

    code = client.get(f"/api/runs/{run_id}/code.py").text
    assert "download it from the dataset's preview in TorchCanvas" in " ".join(code.split())
    (tmp_path / "net.py").write_text(code)
    (tmp_path / "made.zip").write_bytes(client.get(f"/api/datasets/{record['id']}/file").content)
    out = run_script(tmp_path / "net.py", ["net.py", "made.zip"])

    printed = [(int(e), float(t), float(v)) for e, t, v in _EPOCH.findall(out)]
    events = client.get(f"/api/runs/{run_id}/events", params={"limit": 1000}).json()
    epochs = [e for e in events if e["type"] == "epoch"]
    assert [p[0] for p in printed] == [e["epoch"] for e in epochs] == [1, 2]
    for (_, train_loss, val_loss), event in zip(printed, epochs, strict=True):
        assert train_loss == pytest.approx(event["train_loss"], abs=1e-4)
        assert val_loss == pytest.approx(event["val_loss"], abs=1e-4)
    accuracy = float(out.split("val_accuracy ")[-1])
    assert accuracy == pytest.approx(epochs[-1]["val_accuracy"], abs=1e-4)


def test_only_the_owner_downloads_an_uploads_file(client: TestClient) -> None:
    record = upload(client, "mine.csv", blobs_csv(seed=4), target="species")
    url = f"/api/datasets/{record['id']}/file"
    other = TestClient(client.app)  # another browser: a new owner
    refused = other.get(url)
    assert refused.status_code == 404
    assert refused.json()["detail"] == (
        f"Dataset `{record['id']}` not found: use a built-in name or the id an upload returned."
    )
    assert other.head(url).status_code == 404


def test_head_answers_as_get_without_the_body(client: TestClient) -> None:
    record = upload(client, "made.zip", made_zip(per_class=3), image_size="16")
    url = f"/api/datasets/{record['id']}/file"
    head, get = client.head(url), client.get(url)
    assert head.status_code == get.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == get.headers["content-length"] == str(len(get.content))
    assert head.headers["content-disposition"] == get.headers["content-disposition"]


def test_a_range_it_cannot_read_is_passed_over_and_one_it_can_is_served(
    client: TestClient,
) -> None:
    """HTTP has a server ignore a Range it cannot read: Starlette answered it with a plain-text
    400, and the person had no file."""
    record = upload(client, "ranged.csv", blobs_csv(seed=6), target="species")
    url = f"/api/datasets/{record['id']}/file"
    whole = client.get(url).content
    for unread in ("bytes=junk", "items=0-9", "bytes=", "bytes=9-3"):
        reply = client.get(url, headers={"Range": unread})
        assert (reply.status_code, reply.content) == (200, whole), unread
    part = client.get(url, headers={"Range": "bytes=0-9"})
    assert (part.status_code, part.content) == (206, whole[:10])
    past = client.get(url, headers={"Range": f"bytes={len(whole) + 10}-"})
    assert past.status_code == 416


def test_a_deleted_uploads_file_is_404_with_what_to_do(client: TestClient) -> None:
    record = upload(client, "gone.csv", blobs_csv(seed=5), target="species")
    assert client.get(f"/api/datasets/{record['id']}/file").status_code == 200
    assert client.delete(f"/api/datasets/{record['id']}").status_code == 204
    reply = client.get(f"/api/datasets/{record['id']}/file")
    assert reply.status_code == 404
    assert reply.json()["detail"] == (
        f"Dataset `{record['id']}` not found: use a built-in name or the id an upload returned."
    )
    builtin = client.get("/api/datasets/digits/file")
    assert builtin.status_code == 404
    assert "built-in dataset" in builtin.json()["detail"]


@pytest.mark.parametrize(
    ("file_name", "shown"),
    [
        ('my "set".csv', "my set.csv"),
        ("a\r\nSet-Cookie: x.csv", "aSet-Cookie: x.csv"),
        ("\u202egpj.csv", "gpj.csv"),
        ("..\\..\\table", "table.csv"),
        ("\u202e.csv", "upload-0123456789ab.csv"),
    ],
)
def test_the_files_name_is_safe_in_its_header(file_name: str, shown: str) -> None:
    """No quote, line break or hidden character reaches Content-Disposition; the type's suffix
    is always there."""
    record = SimpleNamespace(file_name=file_name, format="csv", id="upload-0123456789ab")
    assert download_name(record) == shown  # type: ignore[arg-type]


def test_an_uploads_name_is_its_downloads_name(client: TestClient) -> None:
    record = upload(client, "\u202egpj.csv", blobs_csv(30, seed=6), target="species")
    reply = client.get(f"/api/datasets/{record['id']}/file")
    assert reply.headers["content-disposition"] == 'attachment; filename="gpj.csv"'


def test_a_downloaded_csv_has_the_numbers_as_they_were_typed(client: TestClient) -> None:
    """A CSV's file is made again from the stored float32s: its numbers read "1", "0.1" and
    "123456.73" as typed, not the float32 the inverse of the standardisation finds (0.9999997,
    4.9999995), and the rows are the uploaded ones (in the order the script's split needs)."""
    rows = [
        [f"{n:g}" for n in (i, i / 10, i / 4 - 3, 123456 + i * 37 % 100 / 100)] + [f"{10**9 + i}"]
        for i in range(60)
    ]
    text = "a,b,c,price,stamp,label\n" + "".join(
        ",".join([*row, "cat" if i % 3 else "dog"]) + "\n" for i, row in enumerate(rows)
    )
    record = upload(client, "typed.csv", text.encode(), target="label")
    reply = client.get(f"/api/datasets/{record['id']}/file")
    assert reply.status_code == 200, reply.text
    lines = reply.text.splitlines()
    assert lines[0] == '"a","b","c","price","stamp","label"'
    uploaded = sorted(text.splitlines()[1:])
    assert sorted(lines[1:]) == uploaded


def test_a_file_kept_by_an_earlier_version_is_not_served_and_goes(client: TestClient) -> None:
    """Earlier versions kept the file made for a download beside the arrays (`file.csv`, whose
    float32 texts could read back a step off, then `file-2.csv`): it counted in its owner's disk
    and doubled what an upload took. The file is made for each download, and a kept one goes."""
    record = upload(client, "old.csv", blobs_csv(40), target="species")
    data_dir: Path = client.app.state.services.settings.data_dir  # type: ignore[attr-defined]
    folder = data_dir / "datasets" / record["id"]
    kept = [folder / "file.csv", folder / "file-2.csv"]
    for old in kept:
        old.write_text('"x"\n0.9999997\n')
    reply = client.get(f"/api/datasets/{record['id']}/file")
    assert reply.status_code == 200, reply.text
    assert "0.9999997" not in reply.text and reply.text.startswith('"')
    assert not [old for old in kept if old.exists()]
    assert not list(folder.glob(".download-*"))  # sent, and deleted
