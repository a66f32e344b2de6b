"""JSON bodies with half a UTF-16 surrogate pair, or not in UTF-8, get 400 saying where and what
to send, on every route that reads one; an escaped pair, or text that only looks like an escape,
passes."""

import gzip
import json
from typing import Any

import httpx2 as httpx
import pytest
from fastapi.testclient import TestClient

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING, start_run
from torchcanvas.api.json_text import lone_surrogate

HALF = "\\ud800"  # as JSON text: the escape of half a pair, alone
MLP = {
    "input_shape": [2],
    "layers": [{"id": "fc", "type": "Linear", "params": {"out_features": 2}}],
}


def _raw(client: TestClient, path: str, text: str, method: str = "POST") -> Any:
    headers = {"Content-Type": "application/json"}
    return client.request(method, path, content=text.encode(), headers=headers)


def _with_half(body: dict[str, Any], marker: str) -> str:
    """The body as JSON text, with `marker` (a string in it) written as the lone escape."""
    return json.dumps(body).replace(marker, HALF)


CASES = [
    # each: the route, a body with MARK where half a pair goes, and where the message says it is
    ("/api/designs/validate", {"design": {**MLP, "layers": [{**MLP["layers"][0], "id": "MARK"}]}}, "design.layers[0].id"),
    ("/api/designs/validate", {"design": {**MLP, "layers": [{**MLP["layers"][0], "params": {"out_features": "MARK"}}]}}, "design.layers[0].params.out_features"),
    ("/api/designs/validate", {"design": {**MLP, "layers": [{**MLP["layers"][0], "params": {"MARK": 1}}]}}, "a key of design.layers[0].params"),
    ("/api/designs/validate", {"design": MLP, "optimizer": "MARK"}, "optimizer"),
    ("/api/designs/validate", {"design": MLP, "MARK": 1}, "a key of the body"),
    ("/api/designs/code", {"design": {**MLP, "layers": [{**MLP["layers"][0], "id": "MARK"}]}}, "design.layers[0].id"),
    ("/api/designs/script", {"design": DIGITS_CNN, "training": {**DIGITS_TRAINING, "loss": "MARK"}}, "training.loss"),
    ("/api/runs", {"design": DIGITS_CNN, "training": {**DIGITS_TRAINING, "optimizer": "MARK"}}, "training.optimizer"),
    ("/api/runs", {"design": DIGITS_CNN, "training": {**DIGITS_TRAINING, "scheduler": "MARK"}}, "training.scheduler"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "body", "where"), CASES)
def test_half_a_surrogate_pair_is_refused_saying_where(
    client: TestClient, path: str, body: dict[str, Any], where: str
) -> None:
    reply = _raw(client, path, _with_half(body, "MARK"))
    assert reply.status_code == 400, reply.text
    detail = reply.json()["detail"]
    assert detail.startswith(f"The text at `{where}` holds the escape \\ud800, one half of a")
    assert "Send the character itself (JSON is UTF-8 text), or both halves" in detail


def test_a_run_s_labels_and_a_share_are_refused_the_same_and_nothing_changes(
    client: TestClient,
) -> None:
    run_id = start_run(client, epochs=1)
    assert client.patch(f"/api/runs/{run_id}", json={"name": "kept"}).status_code == 200
    reply = _raw(client, f"/api/runs/{run_id}", _with_half({"name": "MARK"}, "MARK"), "PATCH")
    assert reply.status_code == 400 and "`name`" in reply.json()["detail"]
    assert client.get(f"/api/runs/{run_id}").json()["name"] == "kept"


def test_a_pair_and_text_that_looks_like_an_escape_pass(client: TestClient) -> None:
    pair = json.dumps({"design": {**MLP, "name": "net 😀"}})  # ensure_ascii: \ud83d\ude00
    assert "\\ud83d\\ude00" in pair
    reply = _raw(client, "/api/designs/validate", pair)
    assert reply.status_code == 200 and reply.json()["valid"], reply.text
    # A backslash, then "ud800": six characters of text, not an escape.
    looks = json.dumps({"design": {**MLP, "name": "C:\\ud800"}})
    assert "\\\\ud800" in looks
    assert _raw(client, "/api/designs/validate", looks).status_code == 200


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_json_not_in_utf8_is_refused(client: TestClient, encoding: str) -> None:
    body = json.dumps({"design": MLP}).encode(encoding)
    reply = client.post(
        "/api/designs/validate", content=body, headers={"Content-Type": "application/json"}
    )
    assert reply.status_code == 400
    assert reply.json()["detail"].startswith(
        f"The body is JSON written in {encoding.upper()}: send it as UTF-8 text"
    )
    with_bom = b"\xef\xbb\xbf" + json.dumps({"design": MLP}).encode()
    reply = client.post(  # UTF-8 with a byte-order mark, as some editors save it: read
        "/api/designs/validate", content=with_bom, headers={"Content-Type": "application/json"}
    )
    assert reply.status_code == 200, reply.text


def test_a_body_without_a_content_type_is_looked_at_too(client: TestClient) -> None:
    text = _with_half({"design": {**MLP, "name": "MARK"}}, "MARK")
    reply = client.post("/api/designs/validate", content=text.encode())
    assert reply.status_code == 400 and "`design.name`" in reply.json()["detail"]


def test_the_look_finds_the_first_bad_string_and_passes_the_rest() -> None:
    assert lone_surrogate(b'{"a": ["ok", {"b": "\\udfff"}]}') == ("a[1].b", "\\udfff")
    assert lone_surrogate(b'["\\ud83d\\ude00", "\\\\ud800"]') is None
    assert lone_surrogate(b'{"broken": "\\ud800') is None  # not JSON: the route says so
    assert lone_surrogate(b'[1, ["\\ud83d\\ude00", "\\ud800"]]') == ("[1][1]", "\\ud800")


def test_a_body_nested_too_deep_is_refused_as_the_route_refuses_it(client: TestClient) -> None:
    deep = "[" * 10_000 + '"\\ud800"' + "]" * 10_000  # under WALKED_BYTES: decoded, and too deep
    reply = _raw(client, "/api/designs/validate", deep)
    assert reply.status_code == 400, reply.text  # FastAPI's own refusal, not a 500
    assert "The text at" not in reply.json()["detail"]


@pytest.mark.parametrize(
    ("raw", "reason"),
    [(b"\xed\xa0\x80", "invalid continuation byte"), (b"\xff", "invalid start byte")],
    ids=["a lone surrogate's own bytes", "a byte no UTF-8 has"],
)
def test_bytes_that_are_not_utf8_are_refused_naming_the_byte(
    client: TestClient, raw: bytes, reason: str
) -> None:
    """Python's json reads the bytes ED A0 80 as half a pair, past a look for escapes."""
    text = json.dumps({"design": {**MLP, "name": "MARK"}}).encode()
    body = text.replace(b"MARK", raw)
    reply = client.post(
        "/api/designs/validate", content=body, headers={"Content-Type": "application/json"}
    )
    assert reply.status_code == 400, reply.text
    assert reply.json()["detail"] == (
        f"The body is not UTF-8 ({reason} at byte {text.index(b'MARK')}): send JSON as UTF-8."
    )


def test_a_second_content_type_does_not_hide_a_json_body(client: TestClient) -> None:
    text = _with_half({"design": {**MLP, "name": "MARK"}}, "MARK").encode()
    headers = [("content-type", "application/json"), ("content-type", "text/plain")]
    reply = client.post("/api/designs/validate", content=text, headers=httpx.Headers(headers))
    assert reply.status_code == 400 and "`design.name`" in reply.json()["detail"], reply.text


def test_a_large_body_is_told_the_byte_its_half_pair_is_at(client: TestClient) -> None:
    """Walking a large body for the path took half a CPU-second a megabyte: its byte is said."""
    filler = [0] * 100_000
    text = json.dumps({"design": {**MLP, "name": "MARK"}, "pad": filler}).replace("MARK", HALF)
    reply = _raw(client, "/api/designs/validate", text)
    assert reply.status_code == 400
    assert reply.json()["detail"].startswith(
        f"The text at `byte {text.index(HALF):,} of the body` holds the escape \\ud800, one half"
    )


@pytest.mark.parametrize("encoding", ["gzip", "br", "deflate"])
def test_a_compressed_body_is_refused_saying_to_send_it_plain(
    client: TestClient, encoding: str
) -> None:
    """gzip's bytes were read as JSON and told they were not UTF-8; a `br` header was passed
    over, and a plain body read as if it had none."""
    body = json.dumps({"design": DIGITS_CNN}).encode()
    sent = gzip.compress(body) if encoding == "gzip" else body
    headers = {"Content-Type": "application/json", "Content-Encoding": encoding}
    reply = client.post("/api/designs/validate", content=sent, headers=headers)
    assert reply.status_code == 415, reply.text
    assert reply.json()["detail"] == (
        f"The body is sent with Content-Encoding: {encoding}, which this server does not "
        "unpack: send it uncompressed, without a Content-Encoding header."
    )
    plain = {"Content-Type": "application/json", "Content-Encoding": "identity"}
    assert client.post("/api/designs/validate", content=body, headers=plain).status_code == 200
