"""The API's JSON answers come gzipped to a client that takes gzip, and as they are otherwise:
the same JSON either way, and small answers, files and ranges left alone."""

from fastapi.testclient import TestClient

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING, wait_for

PLAIN = {"accept-encoding": "identity"}


def test_a_large_json_answer_is_gzipped_for_a_client_that_takes_it(client: TestClient) -> None:
    packed = client.get("/api/catalog", headers={"accept-encoding": "gzip"})
    plain = client.get("/api/catalog", headers=PLAIN)
    assert packed.status_code == plain.status_code == 200
    assert packed.headers["content-encoding"] == "gzip"
    assert "accept-encoding" in packed.headers["vary"].lower()
    assert "content-encoding" not in plain.headers
    # Both say the answer varies with Accept-Encoding: a cache between keeps the two apart.
    assert "accept-encoding" in plain.headers.get("vary", "").lower()
    assert packed.json() == plain.json()
    sent = int(packed.headers["content-length"])
    assert sent == packed.num_bytes_downloaded and sent * 3 < len(plain.content), sent
    # A HEAD says the length its GET sends.
    head = client.head("/api/catalog", headers={"accept-encoding": "gzip"})
    assert head.headers["content-length"] == str(sent) and head.content == b""
    # gzip refused by its quality: as it is.
    refused = client.get("/api/catalog", headers={"accept-encoding": "gzip;q=0, identity"})
    assert "content-encoding" not in refused.headers and refused.json() == plain.json()


def test_small_answers_files_and_ranges_go_as_they_are(client: TestClient) -> None:
    health = client.get("/api/health", headers={"accept-encoding": "gzip"})
    assert health.status_code == 200 and "content-encoding" not in health.headers
    # Forty more layers: a design file past the least that is gzipped.
    layers = DIGITS_CNN["layers"][:-1] + [{"id": f"act{i}", "type": "ReLU"} for i in range(2, 42)]
    design = {**DIGITS_CNN, "layers": [*layers, DIGITS_CNN["layers"][-1]]}
    reply = client.post(
        "/api/runs", json={"design": design, "training": {**DIGITS_TRAINING, "epochs": 1}}
    )
    assert reply.status_code == 201, reply.text
    run_id = reply.json()["id"]
    wait_for(client, run_id, {"succeeded"})
    events = client.get(f"/api/runs/{run_id}/events", headers={"accept-encoding": "gzip"})
    assert events.headers["content-encoding"] == "gzip"
    assert events.json() == client.get(f"/api/runs/{run_id}/events", headers=PLAIN).json()
    assert events.json()[-1]["type"] == "end"
    # The design file as a download, JSON too: its own bytes, as its ETag and a range name them.
    whole = client.get(f"/api/runs/{run_id}/design.json", headers={"accept-encoding": "gzip"})
    assert "content-encoding" not in whole.headers and len(whole.json()["layers"]) == 45
    assert int(whole.headers["content-length"]) == len(whole.content) > 1024
    part = client.get(
        f"/api/runs/{run_id}/design.json",
        headers={"accept-encoding": "gzip", "range": "bytes=0-1999"},
    )
    assert part.status_code == 206 and "content-encoding" not in part.headers
    assert (
        part.content == client.get(f"/api/runs/{run_id}/design.json", headers=PLAIN).content[:2000]
    )
