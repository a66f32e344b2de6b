"""Classify many: each item's answer is the model applied by hand to that sample (and Try it's
answer for it), labels from a ZIP's folders or a CSV's column give the set's accuracy, a bad item
keeps its own reason, and the set's limits and access are those of predict."""

import io
import zipfile
from collections import OrderedDict
from typing import Any

import numpy as np
import pytest
import torch
from fastapi.testclient import TestClient
from safetensors.torch import load as load_safetensors
from torch import nn

from tests.backend.conftest import DIGITS_CNN
from tests.backend.oriented_files import exif_block, saved, sideways, turned_by_hand
from tests.backend.test_activations import WINE_MLP
from tests.backend.test_predict_picture import as_picture, png, trained
from tests.backend.upload_files import blobs_csv
from torchcanvas.design.schema import Design
from torchcanvas.export.many_limits import MANY_LIMITS, TooMany, check_work, many_capacity
from torchcanvas.training.data import find_dataset, load_split
from torchcanvas.training.data.limits import UploadLimits

LIMITS = UploadLimits()
NOT_A_PICTURE = (
    "The file cannot be read as a picture: choose a PNG, JPEG, GIF, BMP, WebP or TIFF image."
)


@pytest.fixture(scope="module")
def digits_run(client: TestClient) -> str:
    return trained(client, DIGITS_CNN, epochs=1)


@pytest.fixture(scope="module")
def wine_run(client: TestClient) -> str:
    return trained(client, WINE_MLP, dataset="wine", epochs=1)


def by_hand(client: TestClient, run_id: str) -> nn.Module:
    """The digits CNN written in plain PyTorch, with the run's downloaded weights."""
    model = nn.Sequential(
        OrderedDict(
            [
                ("conv1", nn.Conv2d(1, 16, kernel_size=3, padding=1)),
                ("act1", nn.ReLU()),
                ("pool1", nn.MaxPool2d(kernel_size=2)),
                ("flat", nn.Flatten()),
                ("fc", nn.Linear(16 * 4 * 4, 10)),  # (16, 4, 4) flattened
            ]
        )
    )
    weights = client.get(f"/api/runs/{run_id}/weights.safetensors")
    model.load_state_dict(load_safetensors(weights.content))
    return model.eval()


def classify(client: TestClient, url: str, files: list[tuple[str, bytes]], **form: str) -> Any:
    parts = [("file", (name, data, "application/octet-stream")) for name, data in files]
    return client.post(url, files=parts, data=form)


def digit_zip(samples: torch.Tensor, labels: torch.Tensor, extra: dict[str, bytes]) -> bytes:
    """The samples as pictures in one folder per class, 3/7.png, with `extra` members beside."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for i, (x, y) in enumerate(zip(samples, labels, strict=True)):
            archive.writestr(f"digits/{int(y)}/{i}.png", png(as_picture(x)))
        for name, data in extra.items():
            archive.writestr(name, data)
    return out.getvalue()


def damaged(zipped: bytes, name: str) -> bytes:
    """The ZIP with a byte of the stored member `name` changed: reading it fails its CRC, so an
    answer for the set shows that the member was never unpacked."""
    with zipfile.ZipFile(io.BytesIO(zipped)) as archive:
        info = archive.getinfo(name)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data = bytearray(zipped)
    data[start + 1000] ^= 0xFF
    return bytes(data)


def test_each_answer_is_the_model_by_hand_and_try_its(client: TestClient, digits_run: str) -> None:
    """Pictures sent at once, one of them no picture: each other answer is the hand-written
    model's on that sample, and Try it's for that picture; the bad one has its own reason."""
    samples = load_split("digits").x_val[:6]  # (6, 1, 8, 8)
    pictures = [(f"{i}.png", png(as_picture(x))) for i, x in enumerate(samples)]
    pictures.insert(2, ("notes.png", b"just some words"))
    reply = classify(client, f"/api/runs/{digits_run}/classify-many", pictures)
    assert reply.status_code == 200, reply.text
    answer = reply.json()
    items = answer["items"]
    assert [i["name"] for i in items] == [name for name, _ in pictures]
    assert items[2]["problem"] == NOT_A_PICTURE and items[2]["top"] is None
    answered = items[:2] + items[3:]
    with torch.no_grad():
        hand = torch.softmax(by_hand(client, digits_run)(samples), dim=1)  # (6, 10)
    for item, expected, (name, picture) in zip(
        answered, hand, pictures[:2] + pictures[3:], strict=True
    ):
        best = torch.argsort(expected, descending=True)[:3]
        assert [c["name"] for c in item["top"]] == [str(int(k)) for k in best], name
        got = torch.tensor([c["probability"] for c in item["top"]])
        torch.testing.assert_close(got, expected[best], rtol=0, atol=1e-6)
        single = client.post(
            f"/api/runs/{digits_run}/predict-image",
            content=picture,
            headers={"Content-Type": "image/png"},
        ).json()["probabilities"]
        torch.testing.assert_close(got, torch.tensor(single)[best], rtol=0, atol=1e-6)
        assert item["label"] is None and item["correct"] is None and item["problem"] is None
    assert (answer["answered"], answer["labelled"], answer["accuracy"]) == (6, 0, None)


def test_names_are_shown_without_hidden_characters(client: TestClient, digits_run: str) -> None:
    """A file or ZIP member whose name holds a direction override, a NUL or a zero-width space is
    shown as an upload's file name is, without them (hidden_text.py): "\u202egnp.exe" read as
    "exe.png". (Python's zipfile cuts a member's name at a NUL.)"""
    picture = png(as_picture(load_split("digits").x_val[0]))
    url = f"/api/runs/{digits_run}/classify-many"
    # By hand: a client's form encoding would send the NUL as %00.
    body = b"".join(
        b'--xx\r\nContent-Disposition: form-data; name="file"; filename="'
        + name.encode()
        + b'"\r\n\r\n'
        + picture
        + b"\r\n"
        for name in ("\u202egnp.exe", "a\x00b.png")
    )
    files = client.post(
        url,
        content=body + b"--xx--\r\n",
        headers={"Content-Type": "multipart/form-data; boundary=xx"},
    )
    assert files.status_code == 200, files.text
    assert [i["name"] for i in files.json()["items"]] == ["gnp.exe", "ab.png"]
    zipped = _zip({"digits/\u202egnp.exe": picture, "digits/c\u200bd.png": picture})
    members = classify(client, url, [("set.zip", zipped)])
    assert members.status_code == 200, members.text
    assert [i["name"] for i in members.json()["items"]] == ["digits/gnp.exe", "digits/cd.png"]


def test_a_sideways_photo_is_turned_upright_as_try_it_turns_it(
    client: TestClient, digits_run: str
) -> None:
    upright = np.random.default_rng(6).integers(0, 256, (14, 10), dtype=np.uint8)
    photo = saved(sideways(upright, 6), "JPEG", exif_block(6))
    reply = classify(client, f"/api/runs/{digits_run}/classify-many", [("phone.jpg", photo)])
    top = reply.json()["items"][0]["top"]
    oracle = client.post(
        f"/api/runs/{digits_run}/predict-image",
        content=turned_by_hand(photo, 6),
        headers={"Content-Type": "image/png"},
    ).json()
    chances = dict(zip(oracle["classes"], oracle["probabilities"], strict=True))
    assert [c["probability"] for c in top] == pytest.approx([chances[c["name"]] for c in top])


def test_a_zip_of_class_folders_gives_the_accuracy(client: TestClient, digits_run: str) -> None:
    split = load_split("digits")
    samples, labels = split.x_val[:40], split.y_val[:40]
    huge = np.random.default_rng(0).bytes(LIMITS.max_picture_bytes + 1)
    extra = {
        "digits/3/readme.txt": b"not a picture",
        "digits/5/huge.png": huge,
        "digits/eleven/0.png": png(as_picture(split.x_val[40])),  # not a class of the model
    }
    zipped = damaged(digit_zip(samples, labels, extra), "digits/5/huge.png")
    reply = classify(client, f"/api/runs/{digits_run}/classify-many", [("set.zip", zipped)])
    assert reply.status_code == 200, reply.text
    answer = reply.json()
    with torch.no_grad():
        guesses = by_hand(client, digits_run)(samples).argmax(dim=1)  # (40,)
    right = guesses == labels
    # The picture labelled `eleven` is answered, but left out of the accuracy: it cannot be right.
    assert answer["accuracy"] == int(right.sum()) / 40
    assert (answer["answered"], answer["labelled"]) == (41, 40)
    assert answer["unknown_labels"] == ["eleven"]
    confusion = np.zeros((10, 10), dtype=int)
    for y, guess in zip(labels.tolist(), guesses.tolist(), strict=True):
        confusion[y][guess] += 1
    assert answer["confusion"] == confusion.tolist()
    items = {i["name"]: i for i in answer["items"]}
    assert [i["correct"] for i in answer["items"][:40]] == right.tolist()
    assert items[f"digits/{int(labels[0])}/0.png"]["label"] == str(int(labels[0]))
    eleven = items["digits/eleven/0.png"]
    assert (eleven["label"], eleven["correct"], eleven["problem"]) == ("eleven", None, None)
    assert items["digits/3/readme.txt"]["problem"].startswith("Not a picture (.bmp, .gif")
    assert items["digits/5/huge.png"]["problem"] == (
        "The picture is 10 MiB, more than the limit of 10 MiB: shrink it, or save it as JPEG."
    )


def test_a_csv_of_rows_gives_predicts_answers_and_the_accuracy(
    client: TestClient, wine_run: str
) -> None:
    """Rows of raw features under the model's feature names, the class in `target`: each row's
    answer is predict's for those numbers; a row with text in it has its own reason."""
    info = find_dataset("wine")
    assert info.standardisation is not None and info.classes is not None
    split = load_split("wine")
    raw = info.standardisation.raw_features(split.x_val[:8]).tolist()  # (8, 13)
    names = info.standardisation.features
    lines = [",".join(["target", *names])]
    lines += [
        ",".join([info.classes[int(y)], *map(repr, row)])
        for row, y in zip(raw, split.y_val[:8], strict=True)
    ]
    lines.insert(3, ",".join(["x", "oops", *map(repr, raw[0][1:])]))
    lines.append(
        ",".join(["x", *["3e38"] * len(names)])
    )  # float32's, and past what the model holds
    lines.append(",".join(["x", *["1e308"] * len(names)]))  # finite, and past float32
    csv = ("\n".join(lines) + "\n").encode()
    reply = classify(client, f"/api/runs/{wine_run}/classify-many", [("wine.csv", csv)])
    assert reply.status_code == 200, reply.text
    answer = reply.json()
    # The same rows as a spreadsheet writes them where a comma is the decimal point.
    excel = csv.replace(b",", b";").replace(b".", b",")
    semicolons = classify(client, f"/api/runs/{wine_run}/classify-many", [("w.csv", excel)])
    assert semicolons.status_code == 200, semicolons.text
    assert semicolons.json()["items"][3:-2] == answer["items"][3:-2]
    bad = answer["items"][2]
    assert (bad["name"], bad["problem"]) == (
        "line 4",
        f"Column `{names[0]}` holds 'oops', not a number: fill it in.",
    )
    # Said as an item's problem, not as predict's field ("input: the model's output…").
    huge, past = answer["items"][-2:]
    assert (huge["name"], huge["problem"]) == (
        "line 11",
        "The model's output overflowed on these numbers: give values in the range of the "
        "dataset's samples.",
    )
    assert (past["name"], past["problem"]) == (
        "line 12",
        f"The sample holds 1e+308 as {names[0]} (position 0, counting from 0), outside the range of float32 "
        "(±3.4e+38), the numbers training uses: give numbers within it, such as values in the "
        "range of the dataset's samples.",
    )
    rows = answer["items"][:2] + answer["items"][3:-2]
    for item, row, y in zip(rows, raw, split.y_val[:8], strict=True):
        single = client.post(f"/api/runs/{wine_run}/predict", json={"input": row}).json()
        chances = dict(zip(single["classes"], single["probabilities"], strict=True))
        for chance in item["top"]:
            assert chance["probability"] == pytest.approx(chances[chance["name"]], abs=1e-6)
        assert item["label"] == info.classes[int(y)]
        assert item["correct"] == (item["top"][0]["name"] == item["label"])
    right = sum(item["correct"] for item in rows)
    assert answer["accuracy"] == pytest.approx(right / 8)


def test_a_picture_models_csv_takes_pixels_from_0_to_1_and_says_so_of_raw_counts(
    client: TestClient, digits_run: str
) -> None:
    """A digits model's CSV rows are samples as trained, pixels 0 to 1; a row of scikit-learn's
    raw counts (0 to 16) would get confident wrong answers, so it is refused with the fix."""
    split = load_split("digits")
    pixels = split.x_val[:2].reshape(2, 64)  # (2, 1, 8, 8) -> (2, 64), in [0, 1]
    header = ",".join([*(f"p{i}" for i in range(64)), "label"])
    rows = [
        ",".join([*map(repr, (pixels[0] * 16).tolist()), str(int(split.y_val[0]))]),
        ",".join([*map(repr, pixels[1].tolist()), str(int(split.y_val[1]))]),
    ]
    csv = "\n".join([header, *rows]).encode()
    reply = classify(client, f"/api/runs/{digits_run}/classify-many", [("digits.csv", csv)])
    assert reply.status_code == 200, reply.text
    counted, scaled = reply.json()["items"]
    first = next(i for i, v in enumerate(pixels[0].tolist()) if v * 16 > 1)
    assert counted["problem"] == (
        f"Column `p{first}` holds {pixels[0][first].item() * 16:g}, but the model takes pixels "
        "from 0 to 1, as its training images were scaled: divide the values by 16 if they "
        "count 0 to 16."
    )
    assert scaled["problem"] is None and scaled["label"] == str(int(split.y_val[1]))


def test_a_regression_csv_gives_values_in_the_targets_units_and_their_errors(
    client: TestClient,
) -> None:
    design = {
        "version": 1,
        "name": "diabetes",
        "input_shape": [10],
        "layers": [{"id": "fc", "type": "Linear", "params": {"out_features": 1}}],
    }
    run_id = trained(client, design, dataset="diabetes", loss="MSELoss", epochs=1)
    info = find_dataset("diabetes")
    assert info.standardisation is not None
    split = load_split("diabetes")
    raw = info.standardisation.raw_features(split.x_val[:5]).tolist()  # (5, 10)
    truth = info.standardisation.raw_target(split.y_val[:5]).reshape(-1).tolist()  # (5,)
    lines = [",".join([*info.standardisation.features, "progression"])]
    lines += [",".join(map(repr, [*row, y])) for row, y in zip(raw, truth, strict=True)]
    csv = ("\n".join(lines) + "\n").encode()
    url = f"/api/runs/{run_id}/classify-many"
    reply = classify(client, url, [("d.csv", csv)], target="progression")
    assert reply.status_code == 200, reply.text
    answer = reply.json()
    single = [
        client.post(f"/api/runs/{run_id}/predict", json={"input": row}).json()["values"][0]
        for row in raw
    ]
    assert [i["values"][0] for i in answer["items"]] == pytest.approx(single, abs=1e-4)
    errors = [abs(p - y) for p, y in zip(single, truth, strict=True)]
    assert answer["mae"] == pytest.approx(sum(errors) / 5, rel=1e-5)
    assert answer["rmse"] == pytest.approx((sum(e * e for e in errors) / 5) ** 0.5, rel=1e-5)
    assert (answer["classes"], answer["accuracy"], answer["labelled"]) == (None, None, 5)


LIMIT_CASES = [
    ("pictures", 413, f"The set holds more than {MANY_LIMITS.max_items} items, more than the limit of {MANY_LIMITS.max_items} at once: send fewer (split it into several sets)."),
    ("zip", 413, f"The set holds more than {MANY_LIMITS.max_items} items, more than the limit of {MANY_LIMITS.max_items} at once: send fewer (split it into several sets)."),
    ("bytes", 413, "The files are larger together than the limit of 50 MiB at once: send fewer, or smaller pictures (the model sees them at its own size anyway)."),
    ("mixed", 422, "2 files were sent with a ZIP or a CSV among them: send one ZIP, one CSV, or pictures alone."),
    ("nothing", 422, "Nothing was sent: send pictures, a ZIP or a CSV in the form field `file`."),
    ("target", 422, "`target` names a CSV's column of labels, but no CSV was sent: leave it out (a ZIP's labels are its folders' names), or send the CSV."),
    ("text", 422, "The field `file` holds text, not a file: send each picture, ZIP or CSV as a file (a part with a filename)."),
    ("unknown", 422, "The form field `labels` is not one this takes: send the files in `file` and, for a CSV, its labels' column in `target`."),
    ("twice", 422, "The form field `target` is sent twice: send it once, with the name of the CSV's column of labels."),
]  # fmt: skip


@pytest.mark.parametrize(("case", "status", "message"), LIMIT_CASES)
def test_a_set_past_its_limits_is_refused_naming_them(
    client: TestClient, digits_run: str, case: str, status: int, message: str
) -> None:
    tiny = png(np.zeros((8, 8), np.uint8))
    over = MANY_LIMITS.max_items + 1
    files = {
        "pictures": [(f"{i}.png", tiny) for i in range(over)],
        "zip": [("big.zip", _zip({f"a/{i}.png": tiny for i in range(over)}))],
        "bytes": [("huge.png", bytes(MANY_LIMITS.max_bytes + 1))],
        "mixed": [("a.zip", _zip({"a/1.png": tiny})), ("b.png", tiny)],
    }.get(case, [])
    url = f"/api/runs/{digits_run}/classify-many"
    # Nothing but the labels' column, or text where a file belongs, as multipart still.
    fields = {
        "nothing": [("target", (None, "label"))],
        "text": [("file", (None, "{}"))],
        "target": [("target", (None, "{}")), ("file", ("a.png", tiny, "image/png"))],
        # A misspelt field was ignored: the set classified as if it had no labels.
        "unknown": [("labels", (None, "label")), ("file", ("a.png", tiny, "image/png"))],
        # The last one was taken, unsaid.
        "twice": [
            ("target", (None, "label")),
            ("target", (None, "class")),
            ("file", ("a.csv", b"label,x\n1,2\n", "text/csv")),
        ],
    }
    reply = client.post(url, files=fields[case]) if case in fields else classify(client, url, files)
    assert (reply.status_code, reply.json()["detail"]) == (status, message)


def test_a_set_past_the_work_limit_says_how_many_fit() -> None:
    with pytest.raises(TooMany) as refused:
        check_work(500, 100_000_000, MANY_LIMITS)
    assert str(refused.value) == (
        "This model takes 100,000,000 multiply-accumulates a sample: 500 of them are over the "
        "20,000,000,000 one request may take; send at most 200 at once."
    )


def test_the_capacity_a_browser_checks_is_the_one_the_server_keeps(
    client: TestClient, digits_run: str
) -> None:
    wide = Design.model_validate(
        {
            "version": 1,
            "name": "wide",
            "input_shape": [16, 64, 64],
            "layers": [{"id": "conv", "type": "Conv2d", "params": {"out_channels": 128}}],
        }
    )
    capacity = many_capacity(wide, MANY_LIMITS)
    assert capacity.most_items < MANY_LIMITS.max_items  # the work limit comes first here
    check_work(capacity.most_items, capacity.work_per_item, MANY_LIMITS)
    with pytest.raises(TooMany):
        check_work(capacity.most_items + 1, capacity.work_per_item, MANY_LIMITS)
    # The model page gives it with the limits: a small model may send a whole set of 500.
    view = client.get(f"/api/models/{digits_run}").json()["classify_many"]
    assert view["limits"] == MANY_LIMITS.model_dump()
    assert view["most_items"] == MANY_LIMITS.max_items


def test_a_table_model_refuses_pictures_and_a_csv_without_its_columns(
    client: TestClient, wine_run: str
) -> None:
    url = f"/api/runs/{wine_run}/classify-many"
    reply = classify(client, url, [("a.png", png(np.zeros((8, 8), np.uint8)))])
    assert (reply.status_code, reply.json()["detail"]) == (
        422,
        "`a.png` would be read as pictures, but this model takes rows of 13 numbers: send them "
        "as one CSV file, its name ending .csv, a row a sample.",
    )
    # A CSV under another name is told what its name must end with, not that it is no picture.
    reply = classify(client, url, [("rows.txt", b"alcohol,target\n1,class_0\n")])
    assert reply.json()["detail"].startswith("`rows.txt` would be read as pictures, but this")
    reply = classify(client, url, [("a.csv", b"alcohol,target\n1,class_0\n")])
    assert reply.status_code == 422
    assert reply.json()["detail"].startswith("The CSV has no column `malic_acid`, `ash`")


def test_a_csv_of_very_many_columns_is_refused_before_work_by_column(
    client: TestClient, digits_run: str
) -> None:
    """40,000 distinct names once held a CPU slot 15 s (a duplicate search by column, for each
    column), and 100,000 nearly three minutes: any share link's visitor could send them."""
    url = f"/api/runs/{digits_run}/classify-many"
    names = [f"c{i}" for i in range(10_001)]
    wide = ",".join([*names, "label"]) + "\n" + ",".join(["0"] * 10_002) + "\n"
    reply = classify(client, url, [("wide.csv", wide.encode())])
    assert (reply.status_code, reply.json()["detail"]) == (
        413,
        "The CSV has 10,002 columns, more than the limit of 10,000: give the model's feature "
        "columns and the labels' column, and drop the others.",
    )
    # Under the limit it is read, and told what the model takes.
    within = ",".join([*names[:9_000], "label"]) + "\n" + ",".join(["0"] * 9_001) + "\n"
    reply = classify(client, url, [("within.csv", within.encode())])
    assert reply.status_code == 422, reply.text
    assert reply.json()["detail"].startswith("The CSV has 9000 columns beside the labels' column")


def test_the_owner_and_a_live_link_may_a_stranger_and_a_revoked_link_may_not(
    client: TestClient, digits_run: str
) -> None:
    files = [("0.png", png(as_picture(load_split("digits").x_val[0])))]
    share = client.post(f"/api/runs/{digits_run}/shares", json={}).json()
    token = share["url"].rsplit("/", 1)[1]
    stranger = TestClient(client.app)
    owners = classify(client, f"/api/runs/{digits_run}/classify-many", files)
    shared = classify(stranger, f"/api/shared/{token}/classify-many", files)
    assert owners.status_code == shared.status_code == 200, shared.text
    assert shared.json() == owners.json()
    refused = classify(stranger, f"/api/runs/{digits_run}/classify-many", files)
    assert refused.status_code == 404
    assert refused.json()["detail"].startswith(f"Run {digits_run} is not among this browser's runs")
    assert client.delete(f"/api/runs/{digits_run}/shares/{share['id']}").status_code == 204
    gone = classify(stranger, f"/api/shared/{token}/classify-many", files)
    assert (gone.status_code, gone.json()["detail"]) == (
        410,
        "This share link was revoked by the model's owner.",
    )


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _linear_on_upload(
    client: TestClient,
    name: str,
    csv: bytes,
    shape: tuple[int, int],
    data: dict[str, str] | None = None,
) -> str:
    """A Linear layer of `shape` (features, classes) trained an epoch on `csv` as uploaded with
    the form's `data`: its run's id."""
    reply = client.post("/api/datasets", files={"file": (f"{name}.csv", csv)}, data=data or {})
    assert reply.status_code == 201, reply.text
    design = {
        "version": 1,
        "name": name,
        "input_shape": [shape[0]],
        "layers": [{"id": "fc", "type": "Linear", "params": {"out_features": shape[1]}}],
    }
    return trained(client, design, dataset=reply.json()["id"], epochs=1)


def test_an_uploaded_tables_labels_are_found_by_its_target_beside_other_columns(
    client: TestClient,
) -> None:
    """The column the upload took its target from holds the labels, even with an `id` and a
    `notes` column beside it: the labels were taken only when they were the one extra column."""
    run_id = _linear_on_upload(client, "flowers", blobs_csv(), (4, 3), {"target": "species"})
    rows = blobs_csv(rows=6, seed=1).decode().splitlines()
    csv = "\n".join(f"{i},{row},{'n' if i else 'notes'}" for i, row in enumerate(rows))
    csv = csv.replace("0,f1", "id,f1", 1)
    answer = classify(client, f"/api/runs/{run_id}/classify-many", [("new.csv", csv.encode())])
    assert answer.status_code == 200, answer.text
    items = answer.json()["items"]
    assert [item["label"] for item in items] == [row.split(",")[2] for row in rows[1:]]
    assert answer.json()["labelled"] == 6


def test_a_pandas_csv_with_the_columns_its_upload_left_out_is_read_by_name(
    client: TestClient,
) -> None:
    """A table saved by pandas (a nameless index first), with the ID its upload left out and an
    empty last column as Excel writes it: the labels are the one column beside the model's
    features and those its upload left out; a nameless column that holds data is that row's
    problem."""
    rows = [(f"C{i}", i % 5 * 0.5, i % 3, "ab"[i % 2]) for i in range(30)]
    upload_csv = ",customer_id,spend,visits,label\n" + "".join(
        f"{i},{c},{s},{v},{y}\n" for i, (c, s, v, y) in enumerate(rows)
    )
    run_id = _linear_on_upload(client, "shop", upload_csv.encode(), (2, 2), {"drop": "customer_id"})
    url = f"/api/runs/{run_id}/classify-many"
    plain = "spend,visits,actual\n" + "".join(f"{s},{v},{y}\n" for _, s, v, y in rows[:5])
    saved = ",customer_id,visits,spend,actual,\n" + "".join(
        f"{i + 7},{c},{v},{s},{y},{'' if i != 3 else 'x'}\n"
        for i, (c, s, v, y) in enumerate(rows[:5])
    )
    expected = classify(client, url, [("plain.csv", plain.encode())]).json()["items"]
    answer = classify(client, url, [("saved.csv", saved.encode())])
    assert answer.status_code == 200, answer.text
    items = answer.json()["items"]
    assert [item["label"] for item in items] == ["a", "b", "a", None, "a"]
    # Named by the ID its upload left out (the plain CSV has none: its rows go by line).
    assert [item["name"] for item in items] == ["C0", "C1", "C2", "C3", "C4"]
    assert [item["name"] for item in expected] == [f"line {n}" for n in range(2, 7)]
    unnamed = [{**item, "name": None} for item in items]
    assert unnamed[:3] + unnamed[4:] == [
        {**item, "name": None} for item in expected[:3] + expected[4:]
    ]
    assert (items[3]["name"], items[3]["problem"]) == (
        "C3",
        "Column 6 has no name but holds 'x': name it in the header if the model takes it, or "
        "delete the column.",
    )


def test_a_csvs_rows_are_named_by_the_id_column_its_upload_left_out(client: TestClient) -> None:
    """Rows went by `line N` where the file had a `sample_id` the upload had guessed an ID and left
    out of the inputs: each row is named by its ID now, a row without one by its line, and a
    file without the column by line as before."""
    rows = [(f"S-{i:04d}", i % 5 * 0.5, i % 3, "ab"[i % 2]) for i in range(30)]
    upload_csv = "sample_id,spend,visits,label\n" + "".join(
        f"{c},{s},{v},{y}\n" for c, s, v, y in rows
    )
    run_id = _linear_on_upload(
        client, "samples", upload_csv.encode(), (2, 2), {"drop": "sample_id"}
    )
    url = f"/api/runs/{run_id}/classify-many"
    sent = "visits,sample_id,spend,label\n" + "".join(
        f"{v},{'' if i == 2 else c},{s},{y}\n" for i, (c, s, v, y) in enumerate(rows[:4])
    )
    answer = classify(client, url, [("new.csv", sent.encode())])
    assert answer.status_code == 200, answer.text
    items = answer.json()["items"]
    assert [item["name"] for item in items] == ["S-0000", "S-0001", "line 4", "S-0003"]
    assert answer.json()["id_column"] == "sample_id"  # the downloaded CSV's first column
    assert all(item["top"] for item in items)
    without = "spend,visits,label\n" + "".join(f"{s},{v},{y}\n" for _, s, v, y in rows[:2])
    plain = classify(client, url, [("plain.csv", without.encode())]).json()
    assert [item["name"] for item in plain["items"]] == ["line 2", "line 3"]
    assert plain["id_column"] is None
    assert [item["top"] for item in plain["items"]] == [item["top"] for item in items[:2]]


def test_an_id_column_alone_beside_the_features_names_the_rows_not_their_labels(
    client: TestClient,
) -> None:
    """A model whose upload had no ID column, sent `sample_id` and its features with no labels:
    the ID was read as the labels (every row "unknown", named by its line; an injection review)."""
    rows = [(f"S-{i:04d}", i % 5 * 0.5, i % 3, "ab"[i % 2]) for i in range(30)]
    upload_csv = "spend,visits,label\n" + "".join(f"{s},{v},{y}\n" for _, s, v, y in rows)
    run_id = _linear_on_upload(client, "plain", upload_csv.encode(), (2, 2))
    sent = "sample_id,spend,visits\n" + "".join(f"{c},{s},{v}\n" for c, s, v, _ in rows[:3])
    answer = classify(client, f"/api/runs/{run_id}/classify-many", [("new.csv", sent.encode())])
    assert answer.status_code == 200, answer.text
    assert answer.json()["id_column"] == "sample_id"
    items = answer.json()["items"]
    assert [item["name"] for item in items] == ["S-0000", "S-0001", "S-0002"]
    assert [item["label"] for item in items] == [None, None, None]
    assert all(item["top"] and item["problem"] is None for item in items)
