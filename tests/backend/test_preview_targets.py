"""An upload's preview: each sample's target whatever its shape, and every class's samples and
counts, its targets read a chunk of rows at a time."""

import io

import numpy as np
import pytest
from fastapi.testclient import TestClient

from tests.backend.test_datasets_upload import upload
from torchcanvas.training.data import preview


def test_a_target_of_several_dimensions_shows_its_values(client: TestClient) -> None:
    x = np.arange(160, dtype=np.float32).reshape(40, 4)
    y = (np.arange(160, dtype=np.float32) / 8).reshape(40, 2, 2)
    out = io.BytesIO()
    np.savez(out, x=x, y=y)
    record = upload(client, "y3d.npz", out.getvalue())
    assert (record["task"], record["target_shape"]) == ("regression", [2, 2])
    reply = client.get(f"/api/datasets/{record['id']}/preview")
    assert reply.status_code == 200, reply.text
    preview = reply.json()
    assert preview["columns"] == ["x0", "x1", "x2", "x3", "target"]
    assert preview["y_shape"][1:] == [2, 2]
    for row in preview["rows"]:
        first = float(row[0])  # x0 of sample i is 4 i; its target 4 i / 8 and on, row by row
        assert row[4] == ", ".join(f"{(first + k) / 8:.3g}" for k in range(4))


def test_samples_and_counts_of_every_class_read_in_chunks(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A preview reads an upload's targets a chunk of rows at a time: a class first seen in a
    later chunk is shown, and counted, as one in the first."""
    monkeypatch.setattr(preview, "CHUNK_ROWS", 16)
    y = np.array([0, 1] * 99 + [2, 2], dtype=np.int64)  # class 2: two rows of 200
    x = np.arange(200, dtype=np.float32)[:, None] + 0.5
    out = io.BytesIO()
    np.savez(out, x=x, y=y)
    record = upload(client, "late.npz", out.getvalue(), task="classification")
    shown = client.get(f"/api/datasets/{record['id']}/preview").json()
    assert {row[-1] for row in shown["rows"]} == {"0", "1", "2"}
    counts = {c["name"]: c["train"] + c["val"] for c in shown["class_counts"]}
    assert counts == {"0": 99, "1": 99, "2": 2}
