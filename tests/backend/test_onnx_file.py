"""The ONNX download: its metadata says what a tool that opens only the .onnx must know (the
classes, the input's shape, scaling and CSV columns), and it is written at the opset asked for
(13 to 20), agreeing with torch under ONNX Runtime at each."""

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import onnx
import onnxruntime
import pytest
import torch
from fastapi.testclient import TestClient

from tests.backend.conftest import start_run, wait_for
from tests.backend.test_exports import BN_CNN, LIMITS, MLP, RECURRENT, TOLERANCE, batch, saved_run
from torchcanvas.export.formats import onnx_export
from torchcanvas.export.opsets import DEFAULT_OPSET, OPSETS

from .test_datasets_upload import mlp, upload
from .upload_files import blobs_csv


def _metadata(data: bytes) -> dict[str, str]:
    return {entry.key: entry.value for entry in onnx.load_from_string(data).metadata_props}


def _opset(path: Path) -> int:
    (version,) = {
        o.version for o in onnx.load(str(path)).opset_import if o.domain in ("", "ai.onnx")
    }
    return version


@pytest.fixture(scope="module")
def digits_run(client: TestClient) -> str:
    run_id = start_run(client, epochs=1, batch_size=256)
    assert wait_for(client, run_id, {"succeeded"}, timeout=120)["status"] == "succeeded"
    return run_id


def test_the_onnx_file_names_its_classes_and_preprocessing(
    client: TestClient, digits_run: str
) -> None:
    # The file an export kept before, without metadata, is not what downloads; its disk comes back.
    exports = client.app.state.services.run_service.folder(digits_run).exports  # type: ignore[attr-defined]
    exports.mkdir(exist_ok=True)
    (exports / "model.onnx").write_bytes(b"kept before opsets")
    reply = client.get(f"/api/runs/{digits_run}/files/model.onnx")
    assert reply.status_code == 200, reply.text
    assert not (exports / "model.onnx").exists()
    meta = _metadata(reply.content)
    assert json.loads(meta["classes"]) == [str(d) for d in range(10)]
    assert json.loads(meta["input_shape"]) == [1, 8, 8]
    assert meta["input"] == "`input`: float32 of shape (batch, 1, 8, 8); `output`: (batch, outputs)"
    assert meta["scaling"] == "Pixel values 0–16 divided by 16, so each input lies in [0, 1]."
    assert meta["task"] == "classification"
    # The whole of the bundle's preprocessing.json, as it says it.
    bundle = client.get(f"/api/runs/{digits_run}/files/bundle.zip")
    with zipfile.ZipFile(io.BytesIO(bundle.content)) as archive:
        assert json.loads(meta["preprocessing"]) == json.loads(archive.read("preprocessing.json"))


def test_a_csv_models_onnx_file_names_its_columns_and_their_scaling(client: TestClient) -> None:
    record = upload(client, "flowers.csv", blobs_csv(60), target="species")
    design = mlp("table", record["sample_shape"], 3)
    training = {"dataset": record["id"], "loss": "CrossEntropyLoss", "optimizer": "Adam"}
    reply = client.post(
        "/api/runs",
        json={
            "design": design,
            "training": {**training, "lr": 0.01, "epochs": 1, "batch_size": 16},
        },
    )
    run_id = reply.json()["id"]
    assert wait_for(client, run_id, {"succeeded"}, timeout=120)["status"] == "succeeded"
    meta = _metadata(client.get(f"/api/runs/{run_id}/files/model.onnx").content)
    assert json.loads(meta["columns"]) == ["f1", "f2", "f3", "f4"]
    assert json.loads(meta["classes"]) == ["setosa", "versicolor", "virginica"]
    assert meta["scaling"].startswith("Each input column standardised: (value - mean) / std")
    scaling = json.loads(meta["preprocessing"])["standardisation"]
    assert len(scaling["mean"]) == len(scaling["std"]) == 4


@pytest.mark.parametrize("raw", [MLP, BN_CNN], ids=["mlp", "bn-cnn"])
def test_every_offered_opset_exports_and_agrees_with_torch(tmp_path: Path, raw: Any) -> None:
    design, model = saved_run(tmp_path, raw)
    x = batch(design)
    for opset in OPSETS:
        path = onnx_export(tmp_path, design, opset, {"classes": "[]"}, LIMITS)
        assert _opset(path) == opset
        onnx.checker.check_model(onnx.load(str(path)), full_check=True)
        session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        (got,) = session.run(["output"], {"input": x.numpy()})
        torch.testing.assert_close(torch.from_numpy(got), model(x).detach(), atol=TOLERANCE, rtol=0)


@pytest.mark.parametrize("opset", [13, 17])
def test_recurrent_layers_export_at_old_opsets(tmp_path: Path, opset: int) -> None:
    design, model = saved_run(tmp_path, RECURRENT)
    path = onnx_export(tmp_path, design, opset, {}, LIMITS)
    assert _opset(path) == opset
    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    x = batch(design)
    (got,) = session.run(["output"], {"input": x.numpy()})
    torch.testing.assert_close(torch.from_numpy(got), model(x).detach(), atol=TOLERANCE, rtol=0)


def test_the_download_takes_an_opset_and_refuses_one_not_offered(
    client: TestClient, digits_run: str
) -> None:
    url = f"/api/runs/{digits_run}/files/model.onnx"
    older = client.get(url, params={"opset": 13})
    assert older.status_code == 200, older.text
    assert older.headers["content-disposition"] == (
        f'attachment; filename="digits-cnn-{digits_run[:6]}-opset13.onnx"'
    )
    model = onnx.load_from_string(older.content)
    assert {o.version for o in model.opset_import if o.domain in ("", "ai.onnx")} == {13}
    assert json.loads(_metadata(older.content)["classes"])[0] == "0"
    default = client.get(url, params={"opset": DEFAULT_OPSET})
    assert default.content == client.get(url).content  # the default's one file
    assert default.headers["content-disposition"].endswith(f'-{digits_run[:6]}.onnx"')
    for refused in (12, 21, 0):
        reply = client.get(url, params={"opset": refused})
        assert reply.status_code == 422, reply.text
        assert reply.json()["detail"] == (
            f"ONNX opset {refused} is not offered: choose one from 13 to 20 (opset=13…20; "
            "without it, 20)."
        )
    reply = client.get(f"/api/runs/{digits_run}/files/model.pt", params={"opset": 13})
    assert reply.status_code == 422
    assert reply.json()["detail"] == "`opset` chooses the ONNX file's opset: model.pt has none."
    assert client.get(url, params={"opset": "new"}).status_code == 422
    view = client.get(f"/api/models/{digits_run}").json()
    assert view["onnx_opsets"] == list(range(13, 21))
    # Through a share link too.
    shared = client.post(f"/api/runs/{digits_run}/shares", json={})
    token = shared.json()["url"].rsplit("/s/", 1)[1]
    linked = client.get(f"/api/shared/{token}/files/model.onnx", params={"opset": 13})
    assert linked.status_code == 200 and linked.content == older.content
