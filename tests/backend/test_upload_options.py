"""The upload form's limits: the catalogue, the form's schema and the server's check agree."""

import json
import re
import subprocess
from typing import Any

import torch
from fastapi.testclient import TestClient

from tests.backend.upload_files import _pixel, _zip, blobs_csv, shapes_zip
from torchcanvas.api.routes.datasets import LIMITS
from torchcanvas.hidden_text import HIDDEN
from torchcanvas.training.data import load_split


def post(client: TestClient, field: str, value: str) -> Any:
    """An upload that sets one numeric option: image_size on a ZIP, val_fraction on a CSV."""
    if field == "image_size":
        return client.post(
            "/api/datasets",
            files={"file": ("shapes.zip", shapes_zip(per_class=4))},
            data={field: value},
        )
    return client.post(
        "/api/datasets",
        files={"file": ("flowers.csv", blobs_csv(rows=60))},
        data={"target": "species", field: value},
    )


def test_the_catalogue_and_the_form_schema_give_the_limits_an_upload_is_checked_against(
    client: TestClient,
) -> None:
    bounds = client.get("/api/catalog").json()["upload_bounds"]
    assert bounds == {
        "val_fraction": {
            "integer": False,
            "min": 0.05,
            "min_exclusive": False,
            "max": 0.5,
            "max_exclusive": False,
        },
        "image_size": {
            "integer": True,
            "min": 4,
            "min_exclusive": False,
            "max": 128,
            "max_exclusive": False,
        },
    }
    body = client.get("/openapi.json").json()["paths"]["/api/datasets"]["post"]["requestBody"]
    form = body["content"]["multipart/form-data"]["schema"]["properties"]
    for name, b in bounds.items():
        assert (form[name]["minimum"], form[name]["maximum"]) == (b["min"], b["max"])
        show = int if b["integer"] else float
        for edge in (b["min"], b["max"]):
            reply = post(client, name, str(show(edge)))
            assert reply.status_code == 201, reply.text
            if name == "image_size":
                assert reply.json()["sample_shape"] == [3, edge, edge]  # colour by default
            else:
                assert reply.json()["val_fraction"] == edge
        step = 1 if b["integer"] else 0.01
        for outside in (show(b["min"] - step), show(b["max"] + step)):
            reply = post(client, name, str(outside))
            assert reply.status_code == 422
            described = (
                "a whole number from 4 to 128" if b["integer"] else "a number from 0.05 to 0.5"
            )
            assert reply.json()["detail"].startswith(
                f"{name} {outside} is out of range: choose {described} ("
            )


def test_the_catalogue_gives_the_limits_a_browser_checks_before_it_sends_a_zip(
    client: TestClient,
) -> None:
    limits = client.get("/api/catalog").json()["upload_limits"]
    assert limits == {
        "max_file_bytes": LIMITS.max_file_bytes,
        "max_files": LIMITS.max_members,
        "max_classes": LIMITS.max_classes,
        "max_total_pixels": LIMITS.max_total_pixels,
        "max_file_name_chars": 200,
        "max_class_name_chars": 200,
        "hidden_characters": HIDDEN,
    }
    # A name as long as the limit is kept whole; a longer one is cut before its .zip, which it
    # keeps (cut after it, the file lost its type and was refused as one not read here).
    longest = "n" * (limits["max_file_name_chars"] - 4) + ".zip"
    reply = client.post("/api/datasets", files={"file": (longest, shapes_zip(per_class=2))})
    assert reply.status_code == 201, reply.text
    assert reply.json()["title"] == longest
    reply = client.post(
        "/api/datasets", files={"file": ("n" * 50 + longest, shapes_zip(per_class=2))}
    )
    assert reply.status_code == 201, reply.text
    assert reply.json()["title"] == longest
    # A class folder's name as long as the limit is a class (one more: bad_uploads.json).
    longest_class = "s" * limits["max_class_name_chars"]
    images = shapes_zip(per_class=2, squares=longest_class)
    reply = client.post("/api/datasets", files={"file": ("long.zip", images)})
    assert reply.status_code == 201, reply.text
    assert longest_class in reply.json()["classes"]


def _mean_by_class(client: TestClient, order: list[str]) -> tuple[list[str], list[float]]:
    """A ZIP of dark squares and bright crosses uploaded with `class_order`: its classes, and
    the mean pixel of each class's images (training and validation), by class number."""
    reply = client.post(
        "/api/datasets",
        files={"file": ("shapes.zip", shapes_zip(per_class=8))},
        data={"class_order": order, "image_size": "8"},
    )
    assert reply.status_code == 201, reply.text
    record = reply.json()
    data_dir = client.app.state.services.settings.data_dir  # type: ignore[attr-defined]
    split = load_split(record["id"], data_dir)
    x, y = torch.cat([split.x_train, split.x_val]), torch.cat([split.y_train, split.y_val])
    means = [float(x[y == i].double().mean()) for i in range(2)]
    return record["classes"], means


def test_a_zip_s_classes_are_numbered_in_the_order_asked_for(client: TestClient) -> None:
    """A set made in the browser numbers its classes as its cards stand (`class_order`), not by
    name: its model's outputs, confusion matrix and script follow the person's order."""
    by_name, (crosses, squares) = _mean_by_class(client, [])
    assert by_name == ["crosses", "squares"] and crosses > squares  # the crosses are bright
    asked, (squares_first, crosses_second) = _mean_by_class(client, ["squares", "crosses"])
    assert asked == ["squares", "crosses"]
    assert (squares_first, crosses_second) == (squares, crosses)


def test_a_class_order_that_does_not_name_each_folder_once_is_refused(client: TestClient) -> None:
    every = "(`crosses`, `squares`)"
    for order, said in [
        (["squares", "squares", "crosses"], "class_order names `squares` twice: name each "),
        (["squares", "circles"], "class_order names `circles`, which is no class folder of the "
         "ZIP: its folders are `crosses`, `squares`."),
        (["squares"], f"class_order leaves out `crosses`: name every class folder of the ZIP "
         f"once {every}, or send no class_order to number them by name."),
    ]:  # fmt: skip
        reply = client.post(
            "/api/datasets",
            files={"file": ("shapes.zip", shapes_zip(per_class=2))},
            data={"class_order": order},
        )
        assert reply.status_code == 422, reply.text
        assert reply.json()["detail"].startswith(said), reply.json()["detail"]
    # A ZIP of many folders: the refusal names the first ten of them.
    members = {f"c{i:02d}/1.png": _pixel() for i in range(12)}
    reply = client.post(
        "/api/datasets", files={"file": ("many.zip", _zip(members))}, data={"class_order": ["c00"]}
    )
    assert reply.status_code == 422, reply.text
    assert reply.json()["detail"] == (
        "class_order leaves out `c01`: name every class folder of the ZIP once ("
        + ", ".join(f"`c{i:02d}`" for i in range(10))
        + " and 2 more), or send no class_order to number them by name."
    )
    reply = client.post(
        "/api/datasets",
        files={"file": ("flowers.csv", blobs_csv(rows=60))},
        data={"target": "species", "class_order": ["a", "b"]},
    )
    assert reply.status_code == 422, reply.text
    assert reply.json()["detail"] == (
        "class_order numbers a ZIP's class folders, but `flowers.csv` is no ZIP: send "
        "class_order with a ZIP only."
    )


def test_a_title_is_kept_as_typed_and_one_with_a_hidden_character_is_refused(
    client: TestClient,
) -> None:
    """As PATCH /api/datasets/{id} refuses it: a right-to-left override or a zero-width space
    makes a title read as another (it was left out, so the title saved was not the one sent)."""
    before = client.get("/api/datasets").json()
    # (A form field's whitespace around it, line breaks too, is trimmed as it is read.)
    for title, code, at in [("pi\u200bcs", "U+200B", 3), ("\u202egpj.csv", "U+202E", 1)]:
        reply = client.post(
            "/api/datasets",
            files={"file": ("flowers.csv", blobs_csv(rows=60))},
            data={"target": "species", "title": title},
        )
        assert reply.status_code == 422, reply.text
        assert reply.json()["detail"] == (
            f"title has the invisible character {code} at position {at}: remove it, names are "
            "shown as typed."
        )
    assert client.get("/api/datasets").json() == before  # nothing kept
    reply = client.post(
        "/api/datasets",
        files={"file": ("flowers.csv", blobs_csv(rows=60))},
        data={"target": "species", "title": "  flowers, cleaned  "},
    )
    assert reply.status_code == 201 and reply.json()["title"] == "flowers, cleaned"


def test_the_hidden_characters_a_browser_is_given_are_the_same_in_javascript(
    client: TestClient,
) -> None:
    """The browser builds its check of a dataset's and a class's name from the catalogue's
    pattern: JavaScript must read it as Python does, on every character of the Basic Plane."""
    pattern = client.get("/api/catalog").json()["upload_limits"]["hidden_characters"]
    script = (
        "const p = new RegExp('[' + process.argv[1] + ']'); const found = [];"
        "for (let c = 0; c < 0x10000; c++) if (p.test(String.fromCharCode(c))) found.push(c);"
        "console.log(JSON.stringify(found));"
    )
    node = subprocess.run(
        ["node", "-e", script, pattern], capture_output=True, text=True, timeout=60, check=True
    )
    python = re.compile(f"[{pattern}]")
    expected = [c for c in range(0x10000) if python.fullmatch(chr(c))]
    assert json.loads(node.stdout) == expected
    assert 0x200B in expected and 0x202E in expected and 0x200D not in expected
