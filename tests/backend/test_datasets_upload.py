"""Uploads through the API: each format good and bad, previews, limits, and real runs on uploaded data."""

import asyncio
import io
import json
import shutil
import struct
import threading
import tracemalloc
import zipfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import numpy as np
import PIL.Image
import pytest
import torch
from fastapi import HTTPException
from fastapi.testclient import TestClient

from tests.backend.conftest import LongRuns, open_client, wait_for
from tests.backend.upload_files import FIXTURES, bad_file, blobs_csv, shapes_zip, write_mnist
from torchcanvas.api.problem_status import status_of
from torchcanvas.api.quotas import upload_bytes
from torchcanvas.api.upload_stream import receive_upload
from torchcanvas.export.readme_inputs import inputs_and_outputs
from torchcanvas.training.data import load_split
from torchcanvas.training.data.downloads import MIRROR_ENV
from torchcanvas.training.data.info import SPLIT_SEED
from torchcanvas.training.data.limits import UploadError, UploadLimits, open_zip
from torchcanvas.training.data.npz import read_npz
from torchcanvas.training.data.storage import DatasetRecord, new_upload_id, temp_folder
from torchcanvas.training.data.upload_options import UploadOptions
from torchcanvas.training.data.uploads import build_upload
from torchcanvas.training.settings import TrainingSettings

BAD_UPLOADS: list[dict[str, Any]] = json.loads((FIXTURES / "bad_uploads.json").read_text())


def upload(client: TestClient, name: str, data: bytes, **fields: str) -> dict[str, Any]:
    reply = client.post("/api/datasets", files={"file": (name, data)}, data=fields)
    assert reply.status_code == 201, reply.text
    body: dict[str, Any] = reply.json()
    return body


def train(
    client: TestClient, dataset: str, design: dict[str, Any], **training: Any
) -> dict[str, Any]:
    settings = {"dataset": dataset, "loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 0.01}
    reply = client.post(
        "/api/runs",
        json={
            "design": design,
            "training": {**settings, "epochs": 15, "batch_size": 16, **training},
        },
    )
    assert reply.status_code == 201, reply.text
    return wait_for(client, reply.json()["id"], {"succeeded", "failed"}, timeout=120)


def mlp(name: str, inputs: list[int], outputs: int, flatten: bool = False) -> dict[str, Any]:
    layers = [{"id": "flat", "type": "Flatten"}] if flatten else []
    layers += [
        {"id": "fc1", "type": "Linear", "params": {"out_features": 32}},
        {"id": "act1", "type": "ReLU"},
        {"id": "fc2", "type": "Linear", "params": {"out_features": outputs}},
    ]
    return {"version": 1, "name": name, "input_shape": inputs, "layers": layers}


def test_csv_upload_guesses_classes_standardises_and_trains(
    client: TestClient, data_dir: Path
) -> None:
    record = upload(client, "flowers.csv", blobs_csv(), target="species", val_fraction="0.25")
    assert record["id"].startswith("upload-") and record["name"] == record["id"]
    assert (record["task"], record["sample_shape"], record["classes"]) == (
        "classification",
        [4],
        ["setosa", "versicolor", "virginica"],
    )
    assert (record["train_size"], record["val_size"]) == (180, 60)
    stats = record["standardisation"]
    assert stats["features"] == ["f1", "f2", "f3", "f4"] and stats["target_mean"] is None
    assert stats["mean"][2] == pytest.approx(300, rel=0.1)  # f3 was around 100 × class × 3
    split = load_split(record["id"], data_dir)
    assert abs(float(split.x_train.mean())) < 1e-5  # the features are standardised

    folder = data_dir / "datasets" / record["id"]
    assert sorted(p.name for p in folder.iterdir()) == [
        "meta.json",
        "x_train.npy",
        "x_val.npy",
        "y_train.npy",
        "y_val.npy",
    ]
    assert np.load(folder / "x_train.npy", allow_pickle=False).shape == (180, 4)
    assert client.get(f"/api/datasets/{record['id']}").json() == record
    assert record["id"] in [d["id"] for d in client.get("/api/datasets").json()]
    assert record["id"] in [d["name"] for d in client.get("/api/catalog").json()["datasets"]]

    preview = client.get(f"/api/datasets/{record['id']}/preview").json()
    assert preview["columns"] == ["f1", "f2", "species", "f3", "f4"]
    assert len(preview["rows"]) == 10 and preview["rows"][0][2] == "setosa"
    assert preview["x_shape"] == [180, 4] and preview["y_shape"] == [180]
    assert preview["class_counts"] == [
        {"name": "setosa", "train": 60, "val": 20},
        {"name": "versicolor", "train": 60, "val": 20},
        {"name": "virginica", "train": 60, "val": 20},
    ]
    run = train(client, record["id"], mlp("flowers", [4], 3))
    assert run["status"] == "succeeded" and run["metrics"]["val_accuracy"] >= 0.95


def test_a_csv_without_a_target_field_predicts_its_label_column_else_its_last(
    client: TestClient,
) -> None:
    """As README says, and as the upload form picks it: a script need not send `target`."""
    labelled = b"x1,Label,x2\n0.1,cat,2\n0.3,dog,1\n0.2,cat,3\n0.4,dog,2\n"
    record = upload(client, "pets.csv", labelled)
    assert (record["classes"], record["standardisation"]["features"]) == (
        ["cat", "dog"],
        ["x1", "x2"],
    )
    assert record["help"] == (
        "Uploaded CSV, 4 rows, target `Label` (2 classes); features standardised."
    )
    rows = "\n".join(f"{i},{i % 3},{i * 0.5}" for i in range(20))
    last = upload(client, "p.csv", f"a,b,price\n{rows}\n".encode())  # no such name: the last
    assert (last["task"], last["standardisation"]["features"]) == ("regression", ["a", "b"])
    assert last["help"] == (
        "Uploaded CSV, 20 rows, target `price` (regression); features and target standardised: "
        "the loss counts in the target's standard deviations, and a run's errors are told in its "
        "own units."
    )
    assert last["standardisation"]["target_std"] > 0  # as it says: the target is scaled too


def test_a_pandas_index_an_empty_last_column_and_columns_left_out_are_said_and_kept(
    client: TestClient,
) -> None:
    """df.to_csv(path) writes a nameless index first, Excel a nameless empty column last: both
    were refused ("Column 1 of the CSV header has no name"); an ID or a date is left out when
    named in `drop`, a field repeated for each column."""
    rows = "".join(
        f"{i},C{1000 + i},2024-01-{i % 28 + 1:02},{i % 5 * 0.5},{i % 3},{'ab'[i % 2]},\n"
        for i in range(40)
    )
    data = f",customer_id,signed,spend,visits,label,\n{rows}".encode()
    record = upload(client, "shop.csv", data, drop=["customer_id", "signed"])  # type: ignore[arg-type]
    assert record["standardisation"]["features"] == ["spend", "visits"]
    assert record["standardisation"]["left_out"] == [
        {"column": 1, "name": "", "why": "index"},
        {"column": 2, "name": "customer_id", "why": "chosen"},
        {"column": 3, "name": "signed", "why": "chosen"},
        {"column": 7, "name": "", "why": "empty"},
    ]
    assert record["help"] == (
        "Uploaded CSV, 40 rows, target `label` (2 classes); features standardised. Left out: "
        "column 1 (no name; row numbers, an index), `customer_id` (chosen), `signed` (chosen), "
        "column 7 (no name; empty)."
    )
    preview = client.get(f"/api/datasets/{record['id']}/preview").json()
    assert preview["columns"] == ["spend", "visits", "label"]
    assert preview["rows"][:2] == [["0.0", "0", "a"], ["0.5", "1", "b"]]  # as written
    stored = client.get(f"/api/datasets/{record['id']}").json()
    assert stored["standardisation"]["left_out"] == record["standardisation"]["left_out"]


def test_an_id_read_as_a_feature_is_named_in_the_uploads_description(client: TestClient) -> None:
    rows = "".join(f"{1000 + i},{i % 2},{i % 5},{'ab'[i % 2]}\n" for i in range(20))
    record = upload(client, "ids.csv", f"customerId,paid,visits,label\n{rows}".encode())
    assert record["help"] == (
        "Uploaded CSV, 20 rows, target `label` (2 classes); features standardised. "
        "`customerId` looks like an ID, read as a feature: upload again with it left out (drop) "
        "if it is one."
    )
    left_out = upload(
        client, "ids.csv", f"customerId,paid,visits,label\n{rows}".encode(), drop="customerId"
    )
    assert left_out["help"].endswith("Left out: `customerId` (chosen).")


def test_csv_numbers_are_regression_unless_told_otherwise(client: TestClient) -> None:
    rows = "\n".join(f"{i},{i % 4},{(i * 7) % 13 + 0.5}" for i in range(40))
    data = f"a,level,price\n{rows}\n".encode()
    assert upload(client, "p.csv", data, target="price")["task"] == "regression"
    levels = upload(client, "p.csv", data, target="level")
    assert (levels["task"], levels["classes"]) == ("classification", ["0", "1", "2", "3"])
    forced = upload(client, "p.csv", data, target="level", task="regression")
    assert (forced["task"], forced["target_shape"]) == ("regression", [1])
    assert forced["standardisation"]["target_std"] > 0


def test_a_regression_target_near_float32s_limit_has_finite_statistics(
    client: TestClient,
) -> None:
    rows = "\n".join(f"{i},{v}" for i, v in enumerate([3e38, -3e38, 1, 2, 3e38, -3e38]))
    data = f"a,price\n{rows}\n".encode()
    record = upload(client, "big.csv", data, target="price", task="regression")
    stats = record["standardisation"]  # a float32 std would overflow: inf, stored as null
    assert 1e38 < stats["target_std"] < 3e38 and abs(stats["target_mean"]) < 3e38
    assert client.get(f"/api/datasets/{record['id']}").json() == record


def test_a_target_of_large_values_and_a_small_spread_keeps_its_spread(
    client: TestClient, data_dir: Path
) -> None:
    rng = np.random.default_rng(3)
    raw = np.round(1e9 + rng.normal(0, 100, 300))  # float32 holds 1e9 only to within 64
    rows = "\n".join(f"{i % 7},{v:.0f}" for i, v in enumerate(raw))
    record = upload(client, "stamps.csv", f"a,when\n{rows}\n".encode(), target="when")
    assert record["task"] == "regression"
    stats = record["standardisation"]
    split = load_split(record["id"], data_dir)
    # Each stored target, scaled back, is one of the file's values (to float32's share of a
    # standardised value), and the statistics are the training rows' own, in float64.
    back = split.y_train[:, 0].double().numpy() * stats["target_std"] + stats["target_mean"]
    nearest = np.abs(back[:, None] - raw[None, :]).argmin(axis=1)
    assert np.abs(back - raw[nearest]).max() < 0.01
    assert stats["target_std"] == pytest.approx(raw[nearest].std(), rel=1e-9)
    assert stats["target_mean"] == pytest.approx(raw[nearest].mean(), rel=1e-12)


def test_image_zip_upload_resizes_and_trains(client: TestClient, data_dir: Path) -> None:
    record = upload(client, "shapes.zip", shapes_zip(), image_size="12", color="grayscale")
    assert (record["task"], record["sample_shape"], record["classes"]) == (
        "classification",
        [1, 12, 12],
        ["crosses", "squares"],
    )
    assert record["train_size"] + record["val_size"] == 60
    assert record["help"] == "Uploaded images, 60 in 2 classes: grey, 12×12."
    rgb = upload(client, "shapes.zip", shapes_zip(per_class=4), image_size="16", color="rgb")
    assert rgb["sample_shape"] == [3, 16, 16]
    # Sent with no choices, a ZIP is read as Make an image dataset sends one: colour, 32×32 (a
    # ZIP of colour photos was made grey 28×28 unseen), and the answer says what it became.
    plain = upload(client, "shapes.zip", shapes_zip(per_class=4))
    assert plain["sample_shape"] == [3, 32, 32]
    assert plain["help"] == "Uploaded images, 8 in 2 classes: colour, 32×32."
    stored = np.load(data_dir / "datasets" / record["id"] / "x_train.npy", allow_pickle=False)
    assert stored.dtype == np.uint8  # images stay bytes on disk, and become [0, 1] when loaded
    preview = client.get(f"/api/datasets/{record['id']}/preview").json()
    assert preview["rows"] is None and len(preview["images"]) == 12
    assert {image["label"] for image in preview["images"]} == {"crosses", "squares"}
    assert preview["images"][0]["png"].startswith("data:image/png;base64,")
    run = train(client, record["id"], mlp("shapes", [1, 12, 12], 2, flatten=True), epochs=10)
    assert run["status"] == "succeeded" and run["metrics"]["val_accuracy"] >= 0.9


def test_pictures_sent_at_their_size_are_said_so_in_the_models_readme(client: TestClient) -> None:
    """Make an image dataset sends pictures already the dataset's size, made so by the browser's
    own filter: the bundle's README said PIL's bilinear filter made the training pictures."""
    pictures = io.BytesIO()
    with zipfile.ZipFile(pictures, "w") as archive:
        for name, level in (("dark", 30), ("light", 220)):
            for i in range(3):
                png = io.BytesIO()
                PIL.Image.new("RGB", (20, 20), (level, level, i)).save(png, format="PNG")
                archive.writestr(f"{name}/{i}.png", png.getvalue())
    at_size = upload(client, "made.zip", pictures.getvalue(), image_size="20")
    resized = upload(client, "made.zip", pictures.getvalue(), image_size="12")
    assert (at_size["pictures_at_size"], resized["pictures_at_size"]) == (True, False)
    training = TrainingSettings(dataset=at_size["id"], loss="CrossEntropyLoss", optimizer="Adam",
                                lr=0.01, epochs=1, batch_size=8)  # fmt: skip
    said = "\n".join(inputs_and_outputs(training, DatasetRecord.model_validate(at_size), 2))
    assert "Its training pictures came 20×20 already, made so before the upload" in said
    said = "\n".join(inputs_and_outputs(training, DatasetRecord.model_validate(resized), 2))
    assert "training pictures came" not in said and "PIL's bilinear filter" in said


def test_npz_upload_with_text_labels(client: TestClient) -> None:
    x = np.random.default_rng(0).normal(size=(50, 2, 3)).astype(np.float32)
    y = np.array(["yes", "no"] * 25)
    out = io.BytesIO()
    np.savez(out, x=x, y=y)
    record = upload(client, "pairs.npz", out.getvalue(), val_fraction="0.1")
    assert (record["sample_shape"], record["classes"], record["val_size"]) == (
        [2, 3],
        ["no", "yes"],
        5,
    )
    out = io.BytesIO()
    np.savez(out, x=x, y=x.sum(axis=(1, 2)))
    assert upload(client, "sums.npz", out.getvalue())["task"] == "regression"


@pytest.mark.parametrize("key", ["x", "y"])
@pytest.mark.parametrize("value", [np.inf, -np.inf, np.nan])
def test_a_float16_npz_holding_infinity_is_refused_as_a_float32_one_is(
    client: TestClient, key: str, value: float
) -> None:
    """float16's infinity passed the range check (the bound, cast to float16, is infinity too):
    a classifier on it "succeeded" with no validation loss, a regression failed blaming its rate."""
    arrays = {
        "x": np.random.default_rng(0).random((20, 3)).astype(np.float16),
        "y": np.random.default_rng(1).random(20).astype(np.float16),
    }
    arrays[key][3] = value
    out = io.BytesIO()
    np.savez(out, **arrays)
    reply = client.post(
        "/api/datasets", files={"file": ("half.npz", out.getvalue())}, data={"task": "regression"}
    )
    assert reply.status_code == 422, reply.text
    assert reply.json()["detail"] == (
        f"The NPZ array `{key}` holds NaN or infinite values: replace or drop those samples."
    )
    arrays[key][3] = 65504  # float16's largest: a number float32 holds
    out = io.BytesIO()
    np.savez(out, **arrays)
    assert upload(client, "half.npz", out.getvalue(), task="regression")["train_size"] > 0


def test_npz_images_kept_channels_last_are_turned_channels_first(
    client: TestClient, data_dir: Path
) -> None:
    """(N, H, W, C), as NumPy and PIL keep pictures, would read as H channels of W × C pictures."""
    n, height, width = 30, 10, 7
    x = np.zeros((n, height, width, 3), np.float32)
    x += np.arange(n).reshape(n, 1, 1, 1) * 1000 + np.arange(height).reshape(1, height, 1, 1) * 100
    x += np.arange(width).reshape(1, 1, width, 1) * 10 + np.arange(3)  # each value says where it is
    out = io.BytesIO()
    np.savez(out, x=x, y=np.arange(n) % 2)
    record = upload(client, "photos.npz", out.getvalue())
    assert (record["sample_shape"], record["channels_last"]) == ([3, height, width], True)
    assert record["help"] == (
        "Uploaded NPZ, 30 samples (2 classes): images (10, 7, 3) turned channels first, "
        "(3, 10, 7), as Conv2d takes them."
    )
    split = load_split(record["id"], data_dir)
    for sample in [*split.x_train, *split.x_val]:
        original = x[int(sample[0, 0, 0]) // 1000]
        assert torch.equal(sample, torch.from_numpy(np.moveaxis(original, 2, 0)))
    # A model trained on it: its bundle's README tells a reader to turn their images too.
    run = train(client, record["id"], mlp("hwc", [3, height, width], 2, flatten=True), epochs=1)
    bundle = client.get(f"/api/runs/{run['id']}/files/bundle.zip")
    assert bundle.status_code == 200, bundle.text
    with zipfile.ZipFile(io.BytesIO(bundle.content)) as archive:
        assert "`x = np.moveaxis(x, -1, 1)` on a batch" in archive.read("README.md").decode()
    # Bytes keep their pictures: a photo can be tried on the model. Not images: as they are.
    out = io.BytesIO()
    np.savez(out, x=np.zeros((30, 10, 7, 3), np.uint8), y=np.arange(30) % 2)
    assert upload(client, "bytes.npz", out.getvalue())["pictures"] is not None
    for shape in [(30, 3, 10, 7), (30, 10, 3, 3), (30, 4, 4, 3), (30, 10, 7, 5)]:
        out = io.BytesIO()
        np.savez(out, x=np.zeros(shape, np.float32), y=np.arange(30) % 2)
        record = upload(client, "as_it_is.npz", out.getvalue())
        assert (record["sample_shape"], record["channels_last"]) == ([*shape[1:]], False), shape


def test_npz_images_kept_without_channels_are_given_one(client: TestClient, data_dir: Path) -> None:
    """(N, H, W), as Keras keeps MNIST, was read as 784 flat features x0…x783, while the model
    page took the model for a 28 × 28 picture model."""
    n = 24
    x = np.random.default_rng(0).integers(0, 256, (n, 28, 28), dtype=np.uint8)
    x[:, 0, 0] = np.arange(n)  # each sample says which it is
    record = upload(client, "mnist.npz", _npz_bytes(x=x, y=np.arange(n) % 2))
    assert (record["sample_shape"], record["channel_added"]) == ([1, 28, 28], True)
    assert record["pictures"] is not None  # bytes: Try it takes a picture
    assert record["help"] == (
        "Uploaded NPZ, 24 samples (2 classes): images (28, 28) given their one channel, "
        "(1, 28, 28), as Conv2d takes them."
    )
    split = load_split(record["id"], data_dir)
    for sample in [*split.x_train, *split.x_val]:
        levels = torch.round(sample * 255).to(torch.uint8)  # bytes are trained on as 0..1
        assert torch.equal(levels, torch.from_numpy(x[int(levels[0, 0, 0])][None]))
    preview = client.get(f"/api/datasets/{record['id']}/preview").json()
    assert preview["x_shape"][1:] == [1, 28, 28] and preview["rows"] is None
    assert len(preview["images"]) == 12
    # A picture model trains on it, takes a picture on Try it, and its README says what to do.
    run = train(client, record["id"], mlp("hw", [1, 28, 28], 2, flatten=True), epochs=1)
    assert run["status"] == "succeeded", run
    picture = io.BytesIO()
    PIL.Image.fromarray(x[0]).save(picture, format="PNG")
    tried = client.post(
        f"/api/runs/{run['id']}/predict-image",
        content=picture.getvalue(),
        headers={"Content-Type": "image/png"},
    )
    assert tried.status_code == 200, tried.text
    assert len(tried.json()["probabilities"]) == 2
    bundle = client.get(f"/api/runs/{run['id']}/files/bundle.zip")
    with zipfile.ZipFile(io.BytesIO(bundle.content)) as archive:
        assert "`x = x[:, None]` on a batch" in archive.read("README.md").decode()
    # Floats are pictures too; sequences (C, L) for Conv1d and small tables stay as they are.
    floats = upload(client, "f.npz", _npz_bytes(x=x.astype(np.float32) / 255, y=np.arange(n) % 2))
    assert (floats["sample_shape"], floats["channel_added"]) == ([1, 28, 28], True)
    for shape in [(n, 2, 100), (n, 12, 1000), (n, 5, 3), (n, 7, 30), (n, 40, 8)]:
        kept = upload(client, "as_it_is.npz", _npz_bytes(x=np.zeros(shape), y=np.arange(n) % 2))
        assert (kept["sample_shape"], kept["channel_added"]) == ([*shape[1:]], False), shape


def test_an_upload_kept_before_is_listed_without_hidden_characters(
    client: TestClient, data_dir: Path
) -> None:
    """An upload named "\u202egpj.csv" before titles left them out read as a .jpg in every list."""
    kept = upload(client, "plain.csv", blobs_csv(seed=8), target="species")
    meta_path = data_dir / "datasets" / kept["id"] / "meta.json"
    meta = json.loads(meta_path.read_text())
    meta["record"]["title"] = "\u202egpj.csv"  # as an older server wrote it
    meta_path.write_text(json.dumps(meta, indent=2))
    listed = {d["id"]: d for d in client.get("/api/datasets").json()}
    assert listed[kept["id"]]["title"] == "gpj.csv"
    catalog = {d["name"]: d for d in client.get("/api/catalog").json()["datasets"]}
    assert catalog[kept["id"]]["title"] == "gpj.csv"


def test_labels_that_would_read_as_others_are_refused_naming_them(client: TestClient) -> None:
    """A class's name shows in Try it, Classify many and a shared model's answers: "\u202etac"
    read as "cat" (an injection review), and "cat" with a zero-width space beside "cat" made two
    classes that looked one. Refused, naming the label and the character, as column names are."""
    rows = blobs_csv(30).decode().splitlines()

    def refused(first: str, second: str) -> str:
        """The refusal of the blobs with two of their classes named `first` and `second`."""
        labelled = (r.replace("setosa", first).replace("versicolor", second) for r in rows[1:])
        table = "\n".join([rows[0], *labelled]).encode()
        reply = client.post(
            "/api/datasets", files={"file": ("pets.csv", table)}, data={"target": "species"}
        )
        assert reply.status_code == 422, reply.text
        detail: str = reply.json()["detail"]
        return detail

    assert refused("cat", "cat\u200b") == (
        "The target column `species` holds the label `cat\\u200b`, with a hidden character "
        "(U+200B, ZERO WIDTH SPACE): a class's name must read as it is. Mend the labels in your "
        "file, and upload it again."
    )
    looks_the_same = "has the labels `cafe\u0301` and `caf\u00e9`, which look the same"
    assert looks_the_same in refused("caf\u00e9", "cafe\u0301")
    reply = client.post(
        "/api/datasets", files={"file": ("shapes.zip", shapes_zip(3, squares="\u202esquares"))}
    )
    assert reply.status_code == 422, reply.text
    assert reply.json()["detail"].startswith("The ZIP holds the label `\\u202esquares`")
    assert reply.json()["detail"].endswith(
        "Rename the class folder in the ZIP, and upload it again."
    )


def test_a_csv_with_missing_values_is_refused_unless_its_rows_are_left_out(
    client: TestClient,
) -> None:
    """Refused, the reply names the value and the option; with missing=drop the rows go, the
    dataset says how many, and nothing else changes. The option is a CSV's alone."""
    gaps = b"a,b,y\n" + b"".join(
        b"%d,%s,%d\n" % (i, b"NA" if i % 5 == 2 else b"1", i % 2) for i in range(40)
    )
    refused = client.post("/api/datasets", files={"file": ("gaps.csv", gaps)}, data={})
    assert refused.status_code == 422
    assert refused.json()["detail"] == (
        "Column `b` has no value on line 4 ('NA'): fill in the missing values, or leave out the "
        "rows that have one (tick Leave out rows with missing values; through the API, "
        "missing=drop)."
    )
    record = upload(client, "gaps.csv", gaps, missing="drop")
    assert record["train_size"] + record["val_size"] == 32
    assert record["standardisation"]["missing_rows"] == 8
    assert "8 rows with a missing value left out (the first on line 4)." in record["help"]
    unknown = client.post(
        "/api/datasets", files={"file": ("gaps.csv", gaps)}, data={"missing": "skip"}
    )
    assert unknown.status_code == 422
    assert unknown.json()["detail"] == "missing `skip` is not one of refuse, drop."
    npz = client.post("/api/datasets", files={"file": ("x.npz", b"x")}, data={"missing": "drop"})
    assert npz.status_code == 422
    assert npz.json()["detail"].startswith("missing=drop leaves out a CSV's rows with a missing")


def test_a_file_name_with_hidden_characters_is_shown_without_them_and_kept_as_it_is(
    client: TestClient,
) -> None:
    """A refusal quoted "\u202egpj.txt" as it was, which reads as a .txt file's name backwards;
    the record keeps the name as it is, for the run's script to find the file by."""
    for name, data, says in [
        ("\u202egpj.txt", b"a,b\n", "`gpj.txt` is not a file type TorchCanvas reads"),
        ("\u202egpj.zip", b"text", "`gpj.zip` is not a ZIP archive"),
        ("\u202egpj.npz", b"text", "`gpj.npz` is not a ZIP archive"),
        ("pi\u200bcs.npz", b"text", "`pics.npz` is not a ZIP archive"),
    ]:
        reply = client.post("/api/datasets", files={"file": (name, data)}, data={})
        assert reply.status_code in (415, 422) and reply.json()["detail"].startswith(says), name
    reply = client.post(
        "/api/datasets", files={"file": ("\u202egpj.npz", b"x")}, data={"drop": "a"}
    )
    assert reply.json()["detail"].startswith("drop names CSV columns to leave out, but `gpj.npz`")
    record = upload(client, "\u202egpj.csv", blobs_csv(seed=9), target="species")
    assert (record["title"], record["file_name"]) == ("gpj.csv", "\u202egpj.csv")


def test_an_npz_of_samples_a_design_cannot_take_is_refused_at_upload(
    client: TestClient, data_dir: Path
) -> None:
    # Taken (201), it could never train: 5 dimensions are one more than an input_shape holds.
    out = io.BytesIO()
    np.savez(out, x=np.zeros((50, 1, 1, 1, 1, 3), np.float32), y=np.arange(50) % 2)
    before = sorted((data_dir / "datasets").iterdir()) if (data_dir / "datasets").is_dir() else []
    reply = client.post("/api/datasets", files={"file": ("deep.npz", out.getvalue())})
    assert (reply.status_code, reply.json()["detail"]) == (
        422,
        "The NPZ array `x` has samples of 5 dimensions, (1, 1, 1, 1, 3): a sample may have at "
        "most 4, such as (C, H, W) for images; reshape x to (N, ...) with at most 4 after N, or "
        "flatten it.",
    )
    assert sorted((data_dir / "datasets").iterdir()) == before
    # Samples of no numbers: taken, every run of them was refused by messages that disagreed.
    for x, y, key, shape in [
        (np.ones((100, 0), np.float32), np.arange(100) % 2, "x", "100, 0"),
        (np.ones((100, 3, 0, 2), np.uint8), np.arange(100) % 2, "x", "100, 3, 0, 2"),
        (np.ones((100, 2), np.float32), np.ones((100, 0)), "y", "100, 0"),
    ]:
        out = io.BytesIO()
        np.savez(out, x=x, y=y)
        reply = client.post("/api/datasets", files={"file": ("empty.npz", out.getvalue())})
        assert (reply.status_code, reply.json()["detail"]) == (
            422,
            f"The NPZ array `{key}` has shape ({shape}): each sample holds no numbers. Give every "
            "sample at least one, as in shape (100, 1).",
        )
    assert sorted((data_dir / "datasets").iterdir()) == before


@pytest.mark.parametrize(
    "case",
    BAD_UPLOADS,
    ids=[f"{c['file']}-{'-'.join(map(str, c['fields'].values()))}" for c in BAD_UPLOADS],
)
def test_bad_upload_gets_its_exact_message_and_leaves_nothing(
    client: TestClient, data_dir: Path, case: dict[str, Any]
) -> None:
    before = sorted((data_dir / "datasets").iterdir()) if (data_dir / "datasets").is_dir() else []
    reply = client.post(
        "/api/datasets", files={"file": (case["file"], bad_file(case["file"]))}, data=case["fields"]
    )
    assert (reply.status_code, reply.json()["detail"]) == (case["status"], case["detail"])
    assert sorted((data_dir / "datasets").iterdir()) == before


def test_upload_without_a_file_or_multipart(client: TestClient) -> None:
    multipart = "Send the dataset as multipart/form-data, with the file in the field `file`."
    reply = client.post("/api/datasets", data={"target": "y"})  # a form, but no file in it
    assert (reply.status_code, reply.json()["detail"]) == (415, multipart)
    reply = client.post("/api/datasets", json={"file": "a,b"})
    assert (reply.status_code, reply.json()["detail"]) == (415, multipart)
    assert client.get("/api/datasets/upload-000000000000").status_code == 404
    assert client.get("/api/datasets/../../etc/preview").status_code == 404


def test_too_many_or_too_long_form_fields_say_what_the_form_takes(client: TestClient) -> None:
    fields = {f"field{i}": "x" for i in range(17)}
    reply = client.post("/api/datasets", data=fields, files={"file": ("a.csv", b"a,b\n1,2\n")})
    assert (reply.status_code, reply.json()["detail"]) == (
        400,
        "The form has more than 16 fields: send the file in `file`, and beside it only the "
        "upload's options (title, target, drop, task, missing, val_fraction, image_size, color, class_order).",
    )
    reply = client.post(
        "/api/datasets", data={"target": "b" * 5000}, files={"file": ("a.csv", b"a")}
    )
    assert (reply.status_code, reply.json()["detail"]) == (
        400,
        "The form field `target` is longer than 4096 bytes: it takes a column name or an "
        "option's value; the data goes in the field `file`.",
    )


def test_drop_repeats_for_each_column_past_the_field_limit_and_within_a_text_budget(
    client: TestClient,
) -> None:
    """Sixteen field names at most, but `drop` names as many columns as the CSV has."""
    names = [f"id{i}" for i in range(30)]
    rows = "".join(",".join(["7"] * 30 + [str(i * 0.5), str(i % 2)]) + "\n" for i in range(20))
    data = (",".join([*names, "x", "label"]) + "\n" + rows).encode()
    record = upload(client, "wide.csv", data, drop=names)  # type: ignore[arg-type]
    assert record["standardisation"]["features"] == ["x"]
    assert len(record["standardisation"]["left_out"]) == 30
    many = ["n" * 4000] * 70  # 280 KB of names
    reply = client.post("/api/datasets", data={"drop": many}, files={"file": ("a.csv", data)})
    assert (reply.status_code, reply.json()["detail"]) == (
        400,
        "The form's fields hold more than 256 KiB of text: they take column names and options; "
        "the data goes in the field `file`.",
    )


def test_a_multipart_boundary_past_the_parsers_limit_is_a_400(client: TestClient) -> None:
    for length, also in ((300, ""), (257, "; charset=utf-8")):
        content_type = f"multipart/form-data; boundary={'b' * length}{also}"
        reply = client.post("/api/datasets", content=b"x", headers={"content-type": content_type})
        assert (reply.status_code, reply.json()["detail"]) == (
            400,
            f"The multipart boundary is {length} characters long, more than the limit of 256: "
            "let the HTTP client choose the boundary (RFC 2046 allows at most 70 characters).",
        )


def test_a_malformed_form_says_how_a_form_is_sent(client: TestClient) -> None:
    """A script's malformed body hears the parser's words and how a form is sent (a review: the
    parser's words alone, such as "Expected boundary character 111, got 88 at index 4")."""
    headers = {"content-type": "multipart/form-data; boundary=xx"}
    how = (
        "send it as an HTML form or `curl -F file=@data.csv` does, a boundary line before each "
        "part, each part's headers on lines of their own (at most 8, under 4 KiB), the body not "
        "compressed."
    )
    long_name = b"a" * 5000 + b".csv"
    for body in [
        b"text before the boundary\r\n--xx--\r\n",
        b'--xx\r\nContent-Disposition: form-data; name="file"; filename="' + long_name + b'"\r\n',
    ]:
        reply = client.post("/api/datasets", content=body, headers=headers)
        detail = reply.json()["detail"]
        assert reply.status_code == 400 and detail.startswith("The upload is not valid"), detail
        assert detail.endswith(how), detail
    rows = b"x1,label\n" + b"".join(b"%d,%d\n" % (i, i % 2) for i in range(40))
    nameless = (
        b'--xx\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n'
        + rows
        + b"\r\n--xx\r\nContent-Disposition: form-data; name*=UTF-8''x\r\n\r\n1\r\n--xx--\r\n"
    )
    reply = client.post("/api/datasets", content=nameless, headers=headers)
    assert reply.status_code == 422
    assert reply.json()["detail"].startswith(
        'A form field has no name: name each part (name="…"): '
    )


def test_zip_limits_on_members_and_unpacked_size(tmp_path: Path) -> None:
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for i in range(6):
            archive.writestr(f"c{i % 2}/{i}.png", bytes(300))
    with pytest.raises(UploadError) as raised:
        open_zip(path, "many.zip", UploadLimits(max_members=5))
    assert (status_of(raised.value), str(raised.value)) == (
        413,
        "The ZIP holds more than 5 files, the limit: upload fewer images, or smaller ones.",
    )
    with pytest.raises(UploadError) as raised:
        open_zip(path, "many.zip", UploadLimits(max_uncompressed_bytes=1000))
    assert str(raised.value) == (
        "The ZIP unpacks to 2 KiB, more than the limit of 1,000 bytes: upload fewer images, or "
        "smaller ones."
    )


def _directory_only_zip(path: Path, entries: int) -> None:
    """A ZIP64 of `entries` one-letter names in its central directory, and no file data."""
    entry = struct.Struct("<4s4B4HL2L5H2L")  # a central directory header, then the name
    names = b"".join(
        entry.pack(b"PK\x01\x02", 20, 3, 20, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0) + b"a"
        for _ in range(entries)
    )
    end64 = struct.pack(
        "<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, entries, entries, len(names), 0
    )
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, len(names), 1)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 2**32 - 1, 2**32 - 1, 0)
    path.write_bytes(names + end64 + locator + end)


def test_zip_entries_are_counted_before_zipfile_reads_them(tmp_path: Path) -> None:
    """zipfile makes an object of every entry as it opens a ZIP: 3 million (141 MB) took 1 GB
    and 17 s before their number was refused. Now a ZIP of too many is refused unread."""
    path = tmp_path / "directory.zip"
    _directory_only_zip(path, 100_000)  # 4.7 MB: zipfile made 35 MB of it
    tracemalloc.start()
    try:
        with pytest.raises(UploadError) as raised:
            open_zip(path, "directory.zip", UploadLimits())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (status_of(raised.value), str(raised.value)) == (
        413,
        "The ZIP holds more than 20,000 files, the limit: upload fewer images, or smaller ones.",
    )
    assert peak < 2**20, f"{peak / 2**20:.0f} MiB"


def _npz_file(tmp_path: Path, **arrays: np.ndarray) -> Path:
    path = tmp_path / "arrays.npz"
    np.savez(path, **arrays)  # type: ignore[arg-type]
    return path


def test_an_npz_is_bounded_by_what_it_becomes_once_stored(tmp_path: Path) -> None:
    path = _npz_file(tmp_path, x=np.zeros((100, 64), np.int8), y=np.zeros(100, np.int8))
    with pytest.raises(UploadError) as raised:
        read_npz(path, "a.npz", UploadLimits(max_stored_bytes=20_000))
    assert (status_of(raised.value), str(raised.value)) == (
        413,
        "The NPZ would take 26 KiB once stored (x as float32), more than the limit of 20 KiB: "
        "upload fewer samples, or smaller ones.",
    )
    told: list[int] = []
    x, _ = read_npz(path, "a.npz", UploadLimits(), told.append)
    assert told == [26_400] and x.dtype == np.float32  # told before unpacking


def test_an_npz_x_is_converted_without_a_full_copy_in_its_own_type(tmp_path: Path) -> None:
    x = np.random.default_rng(0).normal(size=(2**17, 64))  # 64 MiB of float64
    path = _npz_file(tmp_path, x=np.asfortranarray(x), y=np.arange(len(x)) % 2)
    tracemalloc.start()
    try:
        loaded, _ = read_npz(path, "a.npz", UploadLimits())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    np.testing.assert_array_equal(loaded, x.astype(np.float32))
    assert peak < 48 * 2**20, f"{peak / 2**20:.0f} MB for 32 MiB of float32"  # was 96


def test_a_file_past_the_size_limit_stops_streaming(tmp_path: Path) -> None:
    boundary = "xyz"
    sent: list[int] = []

    async def body() -> AsyncIterator[bytes]:
        yield f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n\r\n'.encode()
        for _ in range(100):
            sent.append(1)
            yield b"1,2,3\n" * 100
        yield f"\r\n--{boundary}--\r\n".encode()

    async def receive() -> None:
        await receive_upload(
            f"multipart/form-data; boundary={boundary}", None, body(), tmp_path / "up", 2000
        )

    with pytest.raises(HTTPException) as raised:
        asyncio.run(receive())
    assert raised.value.status_code == 413
    assert raised.value.detail.startswith("The file is larger than the upload limit")
    assert len(sent) == 4  # it stopped reading at the limit, not at the end of the body


def test_a_run_on_a_downloadable_set_downloads_it_in_the_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    design = mlp("mnist-mlp", [1, 28, 28], 10, flatten=True)
    mirror = tmp_path / "mirror"
    monkeypatch.setenv(MIRROR_ENV, mirror.as_uri())  # before the workers start: they fetch
    with open_client(tmp_path / "data") as client:
        # Nothing to fetch from: refused at once with what to do, nothing queued.
        settings = {"dataset": "mnist", "loss": "CrossEntropyLoss", "optimizer": "Adam"}
        reply = client.post(
            "/api/runs",
            json={
                "design": design,
                "training": {**settings, "lr": 0.01, "batch_size": 16, "epochs": 1},
            },
        )
        assert reply.status_code == 422, reply.text
        assert [e["field"] for e in reply.json()["errors"]] == ["training.dataset"]
        assert reply.json()["errors"][0]["message"].startswith(
            "`mnist` is not on this server yet, and the server cannot reach its source to "
            "download it ("
        )
        assert client.get("/api/runs").json() == []

        write_mnist(mirror / "mnist", train=200, test=50)
        run = train(client, "mnist", design, epochs=8)
        assert run["status"] == "succeeded" and run["metrics"]["val_accuracy"] >= 0.9
        events = client.get(f"/api/runs/{run['id']}/events").json()
        assert [e["type"] for e in events[:2]] == ["downloading", "started"]
        assert events[0] == {
            "seq": 1,
            "type": "downloading",
            "dataset": "mnist",
            "title": "MNIST digits (28×28)",
            "megabytes": 11,
        }
        catalog = {d["name"]: d for d in client.get("/api/catalog").json()["datasets"]}
        assert catalog["mnist"]["available"] is True and catalog["mnist"]["train_size"] == 200
        again = train(client, "mnist", design, epochs=1)  # fetched once: no download this time
        types = [e["type"] for e in client.get(f"/api/runs/{again['id']}/events").json()]
        assert types[0] == "started" and "downloading" not in types


def test_damaged_download_files_are_a_clear_4xx_not_a_500(
    client: TestClient, tmp_path: Path
) -> None:
    from torchcanvas.training.data.downloads import DOWNLOADS, download_folder

    data_dir = client.app.state.services.settings.data_dir  # type: ignore[attr-defined]
    folder = download_folder(data_dir, "fashion_mnist")
    folder.mkdir(parents=True, exist_ok=True)
    for file in DOWNLOADS["fashion_mnist"].files:
        (folder / file).write_text("<html>not a gzip file</html>")
    catalog = {d["name"]: d for d in client.get("/api/catalog").json()["datasets"]}
    assert catalog["fashion_mnist"]["available"] is False
    damaged = (
        f"The `fashion_mnist` files in {folder} are damaged (Not a gzipped file (b'<h')): "
        "delete the folder, then start a run again to download them anew."
    )
    preview = client.get("/api/datasets/fashion_mnist/preview")
    assert (preview.status_code, preview.json()["detail"]) == (409, damaged)
    reply = client.post(
        "/api/runs",
        json={
            "design": {
                "input_shape": [1, 28, 28],
                "layers": [
                    {"id": "flat", "type": "Flatten"},
                    {"id": "fc", "type": "Linear", "params": {"out_features": 10}},
                ],
            },
            "training": {
                "dataset": "fashion_mnist",
                "loss": "CrossEntropyLoss",
                "optimizer": "Adam",
                "lr": 0.01,
                "epochs": 1,
                "batch_size": 16,
            },
        },
    )
    assert reply.status_code == 422
    (error,) = reply.json()["errors"]
    assert error["field"] == "training.dataset"
    assert error["message"] == damaged


def test_an_upload_is_seen_and_deleted_only_by_the_browser_that_uploaded_it(
    client: TestClient,
) -> None:
    record = upload(client, "mine.csv", blobs_csv(seed=3), target="species")
    other = TestClient(client.app)  # another browser: no owner cookie yet, so a new owner
    assert record["id"] not in [d["id"] for d in other.get("/api/datasets").json()]
    assert record["id"] not in [d["name"] for d in other.get("/api/catalog").json()["datasets"]]
    for reply in (
        other.get(f"/api/datasets/{record['id']}"),
        other.get(f"/api/datasets/{record['id']}/preview"),
        other.delete(f"/api/datasets/{record['id']}"),
    ):
        assert reply.status_code == 404
        assert reply.json()["detail"] == (
            f"Dataset `{record['id']}` not found: use a built-in name or the id an upload returned."
        )
    training = {"dataset": record["id"], "loss": "CrossEntropyLoss", "optimizer": "Adam"}
    training |= {"lr": 0.01, "epochs": 1, "batch_size": 8}
    asked = {"design": mlp("x", [4], 3), "training": training}
    # Neither a run nor its script before the run (which names the file and its columns).
    for refused in (
        other.post("/api/runs", json=asked),
        other.post("/api/designs/script", json=asked),
    ):
        assert refused.status_code == 422  # even with the id in hand
        (error,) = refused.json()["errors"]
        assert error["field"] == "training.dataset"
        assert error["message"].startswith(f"Unknown dataset `{record['id']}`: use one of digits")
    script = client.post("/api/designs/script", json=asked)  # its owner's: named by its file
    assert script.status_code == 200 and 'DATA_FILE = "mine.csv"' in script.text
    assert client.get(f"/api/datasets/{record['id']}").status_code == 200  # still there


def test_deleting_an_upload_waits_for_its_runs_and_keeps_what_they_made(
    client: TestClient, data_dir: Path
) -> None:
    record = upload(client, "gone.csv", blobs_csv(seed=4), target="species")
    design = mlp("gone", [4], 3)
    settings = {
        "dataset": record["id"],
        "loss": "CrossEntropyLoss",
        "optimizer": "Adam",
        "lr": 0.01,
    }
    reply = client.post(
        "/api/runs",
        json={"design": design, "training": {**settings, "epochs": 500, "batch_size": 1}},
    )
    busy = reply.json()["id"]
    wait_for(client, busy, {"running"})
    refused = client.delete(f"/api/datasets/{record['id']}")
    assert refused.status_code == 409
    assert refused.json()["detail"] == (
        f"Run {busy} is still training on `{record['id']}`: stop it, or wait for it to end, "
        "then delete the dataset."
    )
    assert client.post(f"/api/runs/{busy}/cancel").status_code == 200
    wait_for(client, busy, {"cancelled"})

    assert client.delete(f"/api/datasets/{record['id']}").status_code == 204
    assert not (data_dir / "datasets" / record["id"]).exists()
    assert client.get(f"/api/datasets/{record['id']}").status_code == 404
    assert record["id"] not in [d["name"] for d in client.get("/api/catalog").json()["datasets"]]
    assert client.get(f"/api/runs/{busy}/weights.safetensors").status_code == 200
    again = client.post(f"/api/runs/{busy}/continue")
    assert again.status_code == 409
    assert again.json()["detail"] == (
        f"Run {busy} cannot go on: its dataset gone.csv (`{record['id']}`) was deleted. Start a "
        "new run on another dataset."
    )
    rerun = client.post(
        "/api/runs", json={"design": design, "training": {**settings, "epochs": 1, "batch_size": 8}}
    )
    assert rerun.status_code == 422
    assert rerun.json()["errors"][0]["message"].startswith(f"Unknown dataset `{record['id']}`")
    assert client.delete(f"/api/datasets/{record['id']}").status_code == 404


def test_deleting_an_upload_a_queued_run_waits_for_says_it_is_queued(
    client: TestClient, long_runs: LongRuns
) -> None:
    record = upload(client, "later.csv", blobs_csv(seed=6), target="species")
    wait_for(client, long_runs(client), {"running"})  # the only worker is busy
    training = {"dataset": record["id"], "loss": "CrossEntropyLoss", "optimizer": "Adam"}
    training |= {"lr": 0.01, "epochs": 1, "batch_size": 8}
    waiting = client.post("/api/runs", json={"design": mlp("later", [4], 3), "training": training})
    run_id = waiting.json()["id"]
    assert client.get(f"/api/runs/{run_id}").json()["status"] == "queued"
    refused = client.delete(f"/api/datasets/{record['id']}")
    assert refused.status_code == 409
    assert refused.json()["detail"] == (
        f"Run {run_id} is queued to train on `{record['id']}`: cancel it, or wait for it to end, "
        "then delete the dataset."
    )
    assert client.post(f"/api/runs/{run_id}/cancel").json()["status"] == "cancelled"
    assert client.delete(f"/api/datasets/{record['id']}").status_code == 204


def test_a_damaged_meta_json_is_listed_as_damaged_and_can_be_deleted(
    client: TestClient, data_dir: Path
) -> None:
    good = upload(client, "good.csv", blobs_csv(seed=6), target="species")
    bad = upload(client, "bad.csv", blobs_csv(seed=7), target="species")
    meta_path = data_dir / "datasets" / bad["id"] / "meta.json"
    meta = json.loads(meta_path.read_text())
    meta["record"]["standardisation"]["mean"][0] = None  # NaN, as pydantic wrote it before
    meta_path.write_text(json.dumps(meta, indent=2))
    damaged = (
        f"The upload `{bad['id']}` is damaged: its meta.json cannot be read "
        "(record.standardisation.mean.0: Input should be a valid number). Delete it, then "
        "upload the file again."
    )
    listed = {d["id"]: d for d in client.get("/api/datasets").json()}
    assert listed[good["id"]] == good
    assert (listed[bad["id"]]["title"], listed[bad["id"]]["available"]) == (
        "bad.csv (damaged)",
        False,
    )
    assert listed[bad["id"]]["help"] == damaged
    catalog = {d["name"]: d for d in client.get("/api/catalog").json()["datasets"]}
    assert (catalog[bad["id"]]["available"], catalog[good["id"]]["available"]) == (False, True)
    for reply in (
        client.get(f"/api/datasets/{bad['id']}"),
        client.get(f"/api/datasets/{bad['id']}/preview"),
    ):
        assert (reply.status_code, reply.json()["detail"]) == (409, damaged)
    training = {"dataset": bad["id"], "loss": "CrossEntropyLoss", "optimizer": "Adam"}
    training |= {"lr": 0.01, "epochs": 1, "batch_size": 8}
    refused = client.post("/api/runs", json={"design": mlp("x", [4], 3), "training": training})
    assert refused.status_code == 422
    assert [e["message"] for e in refused.json()["errors"]] == [damaged]
    assert upload_bytes(data_dir, [bad["id"]]) > 0  # it still counts against the quota
    upload(client, "next.csv", blobs_csv(seed=8), target="species")  # the quota reads them all
    assert client.delete(f"/api/datasets/{bad['id']}").status_code == 204
    assert bad["id"] not in [d["id"] for d in client.get("/api/datasets").json()]
    assert not (data_dir / "datasets" / bad["id"]).exists()


def test_a_built_in_dataset_cannot_be_deleted_and_says_so(client: TestClient) -> None:
    # It said "Dataset `digits` not found: use a built-in name", of a built-in name.
    for name in ["digits", "spiral"]:
        reply = client.delete(f"/api/datasets/{name}")
        assert (reply.status_code, reply.json()["detail"]) == (
            403,
            f"`{name}` is a built-in dataset, which stays: only uploads can be deleted, by the id "
            "their upload returned.",
        )
    assert client.get("/api/datasets/digits/preview").status_code == 200
    # Nor is it read as an upload: where its details are, then.
    reply = client.get("/api/datasets/digits")
    assert (reply.status_code, reply.json()["detail"]) == (
        404,
        "`digits` is a built-in dataset, not an upload: GET /api/catalog lists it among its "
        "datasets, with its shapes and classes, and GET /api/datasets/digits/preview shows "
        "samples of it.",
    )


def test_two_deletes_at_once_delete_once_and_never_fail(client: TestClient) -> None:
    record = upload(client, "twice.csv", blobs_csv(seed=5), target="species")
    statuses: list[int] = []
    threads = [
        threading.Thread(
            target=lambda: statuses.append(
                client.delete(f"/api/datasets/{record['id']}").status_code
            )
        )
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [204, 404, 404, 404]


def test_a_model_keeps_its_dataset_after_the_upload_is_deleted(
    client: TestClient, data_dir: Path
) -> None:
    """Its classes, feature names and scaling are the model's: its page, predictions, bundle and
    script stay as they were, and the runs list still names the file it trained on."""
    record = upload(client, "kept.csv", blobs_csv(seed=5), target="species")
    run = train(client, record["id"], mlp("kept", [4], 3), epochs=3)
    assert run["status"] == "succeeded" and run["dataset_title"] == "kept.csv"
    sample = {"input": [0.1, 30.0, 600.0, 0.6]}  # raw values: a model scales them as it trained

    def the_model() -> tuple[Any, ...]:
        view = client.get(f"/api/models/{run['id']}").json()
        prediction = client.post(f"/api/runs/{run['id']}/predict", json=sample).json()
        bundle = client.get(f"/api/runs/{run['id']}/files/bundle.zip")
        with zipfile.ZipFile(io.BytesIO(bundle.content)) as archive:
            preprocessing = json.loads(archive.read("preprocessing.json"))
        code = client.get(f"/api/runs/{run['id']}/code.py")
        listed = [r for r in client.get("/api/runs").json() if r["id"] == run["id"]]
        prediction.pop("elapsed_ms")
        return view["dataset"], prediction, preprocessing, code.status_code, listed[0]

    before = the_model()
    dataset, prediction, preprocessing, _, listed = before
    assert (dataset["title"], dataset["classes"]) == (
        "kept.csv",
        ["setosa", "versicolor", "virginica"],
    )
    assert dataset["standardisation"]["features"] == ["f1", "f2", "f3", "f4"]
    assert prediction["classes"] == dataset["classes"] and prediction["values"] is None
    assert preprocessing["standardisation"] == dataset["standardisation"]
    assert listed["dataset_title"] == "kept.csv"

    assert client.delete(f"/api/datasets/{record['id']}").status_code == 204
    assert client.get(f"/api/datasets/{record['id']}").status_code == 404
    shutil.rmtree(data_dir / "runs" / run["id"] / "exports")  # the bundle is made again
    assert the_model() == before
    assert before[3] == 200


def test_a_narrow_csv_upload_peaks_under_three_and_a_half_times_its_size(
    tmp_path: Path,
) -> None:
    """Two features and a class a row: the file holds about 17 bytes a row, the features 8, so
    what else a row costs sets the peak (as tracemalloc counts it: numpy's arrays, not pyarrow's
    1 MiB blocks). The split's np.unique and its sorted rows made it 4.3x the file; class
    indices counted by bincount, and the sorted rows freed before the parts are joined, 3.1x."""
    rows = 200_000
    rng = np.random.default_rng(0)
    x, labels = rng.normal(size=(rows, 2)).round(4).tolist(), rng.integers(0, 4, rows).tolist()
    path = tmp_path / "narrow.csv"
    path.write_text(
        "a,b,y\n" + "".join(f"{a},{b},{c}\n" for (a, b), c in zip(x, labels, strict=True))
    )
    size = path.stat().st_size
    upload_id = new_upload_id()
    tracemalloc.start()
    try:
        build_upload(
            path,
            "narrow.csv",
            UploadOptions(target="y"),
            temp_folder(tmp_path),
            UploadLimits(),
            upload_id,
        )
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 3.5 * size, f"{peak / size:.2f}x the file"
    assert len(load_split(upload_id, tmp_path).y_val) == rows // 5


def test_a_body_cut_before_its_closing_boundary_is_refused_and_nothing_kept(
    client: TestClient,
) -> None:
    # A connection cut short ends with the file's first part: read whole, it made a smaller
    # dataset of its own (a CSV cut between rows reads as a CSV).
    datasets = client.app.state.services.settings.data_dir / "datasets"  # type: ignore[attr-defined]
    before = sorted(datasets.rglob("*")) if datasets.exists() else []
    head = b'--xx\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n'
    rows = b"x1,x2,label\n" + b"".join(b"%d,%d,%d\n" % (i, i * 2, i % 2) for i in range(40))
    headers = {"content-type": "multipart/form-data; boundary=xx"}
    reply = client.post("/api/datasets", content=head + rows, headers=headers)
    assert (reply.status_code, reply.json()["detail"]) == (
        400,
        "The upload ended before its closing boundary: the body was cut short. Send it again, "
        "whole.",
    )
    assert (sorted(datasets.rglob("*")) if datasets.exists() else []) == before
    whole = client.post("/api/datasets", content=head + rows + b"\r\n--xx--\r\n", headers=headers)
    assert whole.status_code == 201, whole.text


def test_a_file_part_that_names_no_file_says_how_to_name_it(client: TestClient) -> None:
    """Its extension says how a file is read: a part with no name (an empty file input's
    filename="", or RFC 5987's filename*=, which RFC 7578 forbids in a form) is told to name it."""
    datasets = client.app.state.services.settings.data_dir / "datasets"  # type: ignore[attr-defined]
    before = sorted(datasets.rglob("*")) if datasets.exists() else []
    rows = b"x1,label\n" + b"".join(b"%d,%d\n" % (i, i % 2) for i in range(40))
    headers = {"content-type": "multipart/form-data; boundary=xx"}
    said = (
        "The field `file` names no file: send the CSV, NPZ or ZIP with its name, as "
        '`filename="data.csv"` in the part\'s Content-Disposition (in UTF-8{}): its extension '
        "says how it is read."
    )
    for name, also in [
        (b"filename*=UTF-8''na%C3%AFve.csv", ", not as filename*="),
        (b'filename=""', ""),
        (b'filename="  "', ""),
        (b'filename="/"', ""),
    ]:
        head = b'--xx\r\nContent-Disposition: form-data; name="file"; ' + name + b"\r\n\r\n"
        reply = client.post(
            "/api/datasets", content=head + rows + b"\r\n--xx--\r\n", headers=headers
        )
        assert (reply.status_code, reply.json()["detail"]) == (422, said.format(also)), name
    assert (sorted(datasets.rglob("*")) if datasets.exists() else []) == before
    named = (
        b'--xx\r\nContent-Disposition: form-data; name="file"; filename="na\xc3\xafve.csv"\r\n\r\n'
    )
    reply = client.post("/api/datasets", content=named + rows + b"\r\n--xx--\r\n", headers=headers)
    assert reply.status_code == 201 and reply.json()["file_name"] == "naïve.csv", reply.text


def test_a_class_with_no_training_sample_is_refused_and_text_labels_are_no_regression(
    client: TestClient,
) -> None:
    """A class whose only sample the split put in validation could never be learnt: it scored
    0% without a word. A text column of ids was told to be a regression target."""
    # With a class of one, the split is the seeded permutation's: its first 8 of 40 validate.
    permutation = np.random.RandomState(SPLIT_SEED).permutation(40)
    validating, training = int(permutation[0]), int(permutation[-1])

    def rows(rare_at: int) -> bytes:
        labels = ["rare" if i == rare_at else "common" for i in range(40)]
        return "\n".join(["a,label", *(f"{i},{label}" for i, label in enumerate(labels))]).encode()

    rare = client.post("/api/datasets", files={"file": ("rare.csv", rows(validating))})
    assert rare.status_code == 422, rare.text
    assert rare.json()["detail"] == (
        "No sample of `rare` is in the training part: the split put all of its samples in "
        "validation, so the model could never learn it. Add samples (a few dozen a class learn "
        "best), keep fewer for validation (val_fraction), or leave the class out."
    )
    # A lone sample the split keeps for training is taken: the class can be learnt.
    kept = client.post("/api/datasets", files={"file": ("kept.csv", rows(training))})
    assert kept.status_code == 201, kept.text
    ids = "\n".join(["a,name", *(f"{i},id{i}" for i in range(1200))])
    named = client.post("/api/datasets", files={"file": ("ids.csv", ids.encode())})
    assert named.status_code == 422
    assert named.json()["detail"].endswith(
        "too many classes (at most 1,000): a column of names or ids is no target: choose the "
        "column that holds the classes."
    )


def test_a_one_hot_y_is_read_as_classes_unless_regression_is_chosen(
    client: TestClient, data_dir: Path
) -> None:
    """y = np.eye(3)[labels], left on the guess, was taken for a regression of 3 targets."""
    x = np.random.default_rng(0).normal(size=(30, 4)).astype(np.float32)
    labels = np.arange(30) % 3
    data = _npz_bytes(x=x, y=np.eye(3, dtype=np.float32)[labels])
    for task in ("auto", "classification"):
        record = upload(client, "onehot.npz", data, task=task)
        assert (record["task"], record["classes"], record["target_shape"]) == (
            "classification",
            ["0", "1", "2"],
            [],
        )
        assert record["one_hot"] is True
        assert record["help"] == (
            "Uploaded NPZ, 30 samples (3 classes): y's one-hot rows read as the class of each, "
            "y.argmax(1)."
        )
        split = load_split(record["id"], data_dir)
        samples = torch.cat([split.x_train, split.x_val]).numpy()
        for sample, label in zip(samples, torch.cat([split.y_train, split.y_val]), strict=True):
            row = int(np.flatnonzero((x == sample).all(axis=1))[0])
            assert int(label) == labels[row]
    chosen = upload(client, "onehot.npz", data, task="regression")
    assert (chosen["task"], chosen["target_shape"], chosen["one_hot"]) == ("regression", [3], False)
    # Rows of 0 and 1 that are not one-hot stay several targets; classification says so.
    several = _npz_bytes(x=x, y=np.ones((30, 3), np.float32))
    assert upload(client, "two.npz", several)["task"] == "regression"
    reply = client.post(
        "/api/datasets", files={"file": ("two.npz", several)}, data={"task": "classification"}
    )
    assert reply.status_code == 422
    assert reply.json()["detail"] == (
        "The NPZ array `y` has shape [30, 3]: classification needs one label per sample (or a "
        "one-hot row of 0 and 1 each); choose task regression for several targets per sample."
    )


def _npz_bytes(**arrays: np.ndarray) -> bytes:
    out = io.BytesIO()
    np.savez(out, **arrays)
    return out.getvalue()


def test_an_upload_may_be_titled_apart_from_its_file(client: TestClient) -> None:
    """Make an image dataset sends the name a person gave it: the list shows "hand signs", not
    "hand signs.zip"; spaces around it are left out, and a title past 100 characters is a 422 (one
    with a hidden character too: test_upload_options.py)."""
    record = upload(client, "hand signs.zip", shapes_zip(per_class=6), title=" hand signs ")
    assert (record["title"], record["file_name"]) == ("hand signs", "hand signs.zip")
    listed = {d["id"]: d["title"] for d in client.get("/api/datasets").json()}
    assert listed[record["id"]] == "hand signs"
    untitled = upload(client, "blobs.csv", blobs_csv(), target="species", title="  ")
    assert untitled["title"] == "blobs.csv"  # blank: the file's name, as before
    reply = client.post(
        "/api/datasets",
        files={"file": ("x.csv", blobs_csv())},
        data={"target": "species", "title": "a" * 101},
    )
    assert reply.status_code == 422
    assert reply.json()["detail"] == (
        "title is 101 characters long: keep it to 100, a name for the list."
    )


def test_a_form_of_endless_empty_parts_is_refused(client: TestClient) -> None:
    """A repeated `drop`, empty, is no free part: 20,000 of them go past the form's text limit."""
    parts = [("file", ("x.csv", blobs_csv())), *[("drop", (None, b""))] * 20_000]
    reply = client.post("/api/datasets", files=parts)
    assert reply.status_code == 400
    assert reply.json()["detail"].startswith("The form's fields hold more than 256 KiB of text")
