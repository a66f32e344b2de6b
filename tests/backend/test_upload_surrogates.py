"""Text that is no Unicode (half a UTF-16 surrogate pair) in an upload's labels: a clear 422 that
names the label, never a 500, and any error reply that quotes such text still encodes."""

import io

import numpy as np
from fastapi.testclient import TestClient

HALVES = np.array(["\ud800a", "b\udfff"] * 20)


def _npz(y: np.ndarray) -> bytes:
    out = io.BytesIO()
    np.savez(out, x=np.arange(len(y) * 2, dtype=np.float32).reshape(len(y), 2), y=y)
    return out.getvalue()


def test_labels_with_half_a_surrogate_pair_are_refused_by_name(client: TestClient) -> None:
    reply = client.post("/api/datasets", files={"file": ("halves.npz", _npz(HALVES))})
    assert reply.status_code == 422, reply.text
    detail = reply.json()["detail"]
    assert detail == (
        "The NPZ array `y` holds the label 'b\\udfff', with half a UTF-16 surrogate pair "
        "(\\udfff), which is no character: save the labels as valid Unicode text (as "
        "str.encode('utf-8') accepts it), then upload again."
    )


def test_an_error_that_quotes_such_text_still_answers_422(client: TestClient) -> None:
    # A text target for regression is refused by quoting its first label, as it is.
    reply = client.post(
        "/api/datasets", files={"file": ("halves.npz", _npz(HALVES))}, data={"task": "regression"}
    )
    assert reply.status_code == 422, reply.text
    detail = reply.json()["detail"]
    assert detail.startswith("The NPZ array `y` holds text ('\ufffda'), so it cannot be")


def test_a_single_label_of_half_a_pair_is_named_too(client: TestClient) -> None:
    reply = client.post(
        "/api/datasets", files={"file": ("one.npz", _npz(np.array(["\udc80"] * 20)))}
    )
    assert reply.status_code == 422, reply.text
    assert reply.json()["detail"].startswith(
        "The NPZ array `y` holds the label '\\udc80', with half a UTF-16 surrogate pair (\\udc80)"
    )
