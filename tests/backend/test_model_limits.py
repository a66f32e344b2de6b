"""A model trained under higher limits than the server's now (export/model_limits.py): its page
opens and its files download, and every route that would run it answers 422 saying what is over
and what to do, its owner's and its share link's alike."""

import io

import pytest
from fastapi.testclient import TestClient
from PIL import Image

from tests.backend.conftest import DIGITS_CNN, start_run, wait_for
from torchcanvas.config import ServerConfig
from torchcanvas.design.schema import Design
from torchcanvas.export.model_limits import OverLimits, check_model_limits

# The digits CNN: 11,776 MACs (conv1 9,216, fc 2,560) and 1,024 reads of pool1's 2x2 windows.
OVER = (
    "One sample takes 12,800 multiply-accumulates through this design (a pooling window's reads "
    "counted as one each), over this server's limit of 12,799. This model was trained under "
    "higher limits: download its weights and design to run it elsewhere, or raise the server's "
    "TORCHCANVAS_MAX_MACS and TORCHCANVAS_MAX_SAMPLE_MIB."
)


def test_a_model_within_the_limits_passes_and_one_over_them_says_what_is_over() -> None:
    design = Design.model_validate(DIGITS_CNN)
    check_model_limits(design, ServerConfig(max_macs=12_800).design_limits())
    with pytest.raises(OverLimits) as raised:
        check_model_limits(design, ServerConfig(max_macs=12_799).design_limits())
    assert str(raised.value) == OVER


def png() -> bytes:
    file = io.BytesIO()
    Image.new("L", (8, 8), 128).save(file, format="PNG")
    return file.getvalue()


def test_a_run_trained_before_a_lower_limit_opens_and_refuses_to_run(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_id = start_run(client, epochs=1)
    assert wait_for(client, run_id, {"succeeded", "failed"}, timeout=120)["status"] == "succeeded"
    share = client.post(f"/api/runs/{run_id}/shares", json={})
    assert share.status_code == 201, share.text
    shared = "/api/shared/" + share.json()["url"].rsplit("/", 1)[1]
    sample = {"input": [0.5] * 64}
    owned = f"/api/runs/{run_id}"
    assert client.post(f"{owned}/predict", json=sample).status_code == 200
    assert client.get(f"/api/models/{run_id}").json()["over_limits"] is None
    monkeypatch.setattr(client.app.state.services.settings, "max_macs", 12_799)  # type: ignore[attr-defined]
    # The page's data says so before a click: why it will not run, and which files it keeps.
    for view in (client.get(f"/api/models/{run_id}").json(), client.get(shared).json()):
        assert view["over_limits"] == OVER
        unavailable = {file["name"]: file["unavailable"] for file in view["files"]}
        assert unavailable == {
            "bundle.zip": OVER,
            "weights.safetensors": None,
            "design.json": None,
            "model.pt": OVER,
            "model.pt2": OVER,
            "model.onnx": OVER,
        }
    for base in (owned, shared):
        for route in ("predict", "activations"):
            reply = client.post(f"{base}/{route}", json=sample)
            assert (reply.status_code, reply.json()["detail"]) == (422, OVER), (base, route)
            picture = client.post(
                f"{base}/{route}-image", content=png(), headers={"Content-Type": "image/png"}
            )
            assert (picture.status_code, picture.json()["detail"]) == (422, OVER), (base, route)
        reply = client.get(f"{base}/neurons")  # the limits first, before whether it has a plane
        assert (reply.status_code, reply.json()["detail"]) == (422, OVER), base
    # Making an export runs the model (a trace): refused as a prediction is, before it runs.
    for base in (owned, shared):
        for name in ("model.pt", "model.pt2", "model.onnx", "bundle.zip"):
            reply = client.get(f"{base}/files/{name}")
            assert (reply.status_code, reply.json()["detail"]) == (422, OVER), (base, name)
    # Nothing saved is lost: the page, the weights and the design still answer.
    assert client.get(f"/api/models/{run_id}").status_code == 200
    assert client.get(shared).status_code == 200
    weights = client.get(f"{owned}/weights.safetensors")
    assert weights.status_code == 200 and len(weights.content) > 10_000
    design = client.get(f"{shared}/files/design.json").json()
    assert [layer["id"] for layer in design["layers"]] == [
        node["id"] for node in DIGITS_CNN["layers"]
    ]
