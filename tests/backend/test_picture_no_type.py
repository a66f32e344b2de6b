"""A picture sent with no Content-Type is the picture's bytes: Python's
`requests.post(url, data=png)` sends none, and its picture was refused as JSON that is not UTF-8."""

import pytest
from fastapi.testclient import TestClient

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING, wait_for
from tests.backend.test_predict_picture import as_picture, png
from torchcanvas.training.data import load_split

ROUTES = ["predict-image", "grad-cam-image", "activations-image"]


@pytest.fixture(scope="module")
def links(client: TestClient) -> list[str]:
    """The digits CNN, trained, at its owner's path and at a share link's."""
    design = {**DIGITS_CNN, "name": "picture-no-type"}
    reply = client.post(
        "/api/runs", json={"design": design, "training": {**DIGITS_TRAINING, "epochs": 1}}
    )
    assert reply.status_code == 201, reply.text
    run_id = reply.json()["id"]
    assert wait_for(client, run_id, {"succeeded", "failed"}, timeout=120)["status"] == "succeeded"
    share = client.post(f"/api/runs/{run_id}/shares", json={})
    assert share.status_code == 201, share.text
    token = share.json()["url"].rsplit("/", 1)[1]
    return [f"/api/runs/{run_id}", f"/api/shared/{token}"]


@pytest.mark.parametrize("route", ROUTES)
def test_a_picture_without_a_content_type_is_taken(
    client: TestClient, links: list[str], route: str
) -> None:
    picture = png(as_picture(load_split("digits").x_val[3]))
    with pytest.raises(UnicodeDecodeError):  # PNG's first byte, 0x89: it was refused for it
        picture.decode()
    for link in links:
        typed = client.post(
            f"{link}/{route}", content=picture, headers={"Content-Type": "image/png"}
        )
        bare = client.post(f"{link}/{route}", content=picture)
        assert "content-type" not in bare.request.headers
        assert (bare.status_code, typed.status_code) == (200, 200), bare.text
        assert {**bare.json(), "elapsed_ms": 0} == {**typed.json(), "elapsed_ms": 0}


def test_an_upload_without_a_content_type_is_told_to_send_a_form(client: TestClient) -> None:
    """Not JSON either: the body of an upload or of a set for a model is read by its route."""
    reply = client.post("/api/datasets", content=b"\x89PNG\r\n\x1a\n\xff\xfe")
    assert reply.status_code == 415, reply.text
    assert "JSON" not in reply.json()["detail"]
