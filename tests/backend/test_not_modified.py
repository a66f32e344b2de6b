"""A page or file the browser already holds, asked again with its ETag in If-None-Match, is a 304
with no body; only where its 200 would be, and only while it is the same."""

import http.client
from pathlib import Path

from fastapi.testclient import TestClient

from tests.backend.conftest import start_run, wait_for
from tests.backend.live_server import live_server
from torchcanvas.api.not_modified import named


def test_a_page_asked_again_with_its_etag_is_a_304_with_the_200s_headers(
    client: TestClient,
) -> None:
    page = client.get("/runs")
    assert page.status_code == 200 and page.content
    etag = page.headers["etag"]
    again = client.get("/runs", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    assert "content-length" not in again.headers or again.headers["content-length"] == "0"
    policy = "content-security-policy"
    assert again.headers[policy] == page.headers[policy]  # the 200's headers, its checks passed
    # Another page of the same file, a weak tag, a list, and any: each names it.
    for asked in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        assert client.get(
            "/runs/0123456789abcdef", headers={"If-None-Match": asked}
        ).status_code == (304), asked
    # A tag of another version: the page, whole.
    other = client.get("/runs", headers={"If-None-Match": '"an-older-build"'})
    assert other.status_code == 200 and other.content == page.content
    # HEAD as GET.
    assert client.head("/runs", headers={"If-None-Match": etag}).status_code == 304


def test_a_runs_weights_are_a_304_to_their_owner_alone(client: TestClient) -> None:
    run_id = start_run(client, epochs=1)
    assert wait_for(client, run_id, {"succeeded", "failed"})["status"] == "succeeded"
    path = f"/api/runs/{run_id}/weights.safetensors"
    weights = client.get(path)
    assert weights.status_code == 200 and weights.content
    etag = weights.headers["etag"]
    again = client.get(path, headers={"If-None-Match": etag})
    assert (again.status_code, again.content) == (304, b"")
    # Another browser naming the same tag learns nothing more than a 404 tells it.
    stranger = TestClient(client.app)
    assert stranger.get(path, headers={"If-None-Match": etag}).status_code == 404


def test_an_answer_without_an_etag_and_an_error_are_never_a_304(client: TestClient) -> None:
    assert client.get("/api/catalog", headers={"If-None-Match": "*"}).status_code == 200
    missing = client.get("/api/runs/0123456789abcdef", headers={"If-None-Match": "*"})
    assert missing.status_code == 404


def test_a_304_over_http_ends_without_a_body_and_the_connection_serves_on(tmp_path: Path) -> None:
    """uvicorn frames it: the next request on the same connection is answered whole."""
    with live_server(tmp_path) as server:
        connection = http.client.HTTPConnection(server.url.removeprefix("http://"), timeout=30)
        connection.request("GET", "/favicon.svg")
        first = connection.getresponse()
        body = first.read()
        assert first.status == 200 and body
        etag = first.getheader("etag")
        assert etag is not None
        connection.request("GET", "/runs", headers={"If-None-Match": "*"})
        page = connection.getresponse()
        assert (page.status, page.read()) == (304, b"")
        connection.request("GET", "/favicon.svg")
        third = connection.getresponse()
        assert (third.status, third.read()) == (200, body)
        connection.close()


def test_tags_are_compared_weakly() -> None:
    assert named('"a"', '"a"') and named('W/"a"', '"a"') and named('"a"', 'W/"a"')
    assert named(' "b" , "a" ', '"a"') and named("*", '"x"')
    assert not named('"b"', '"a"') and not named('"a-"', '"a"')
