"""A regression upload's preview shows each sample's target, whatever its shape."""

import io

import numpy as np
from fastapi.testclient import TestClient

from tests.backend.test_datasets_upload import upload


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
