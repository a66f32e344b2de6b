"""The upload form's limits: the catalogue, the form's schema and the server's check agree."""

from typing import Any

from fastapi.testclient import TestClient

from tests.backend.upload_files import blobs_csv, shapes_zip
from torchcanvas.api.routes.datasets import LIMITS


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
