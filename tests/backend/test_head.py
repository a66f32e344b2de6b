"""HEAD answers as GET does, without the body (api/head.py): pages, the API's reads and
downloads, for whoever may GET them; the same 404, 405 and 410 for whoever may not."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.backend.conftest import start_run, wait_for

# What a HEAD must say as its GET does: a client reads these instead of the body.
SAME = ("content-type", "content-length", "content-disposition", "allow", "cache-control")


@pytest.fixture(scope="module")
def trained(client: TestClient) -> str:
    run_id = start_run(client, epochs=1)
    assert wait_for(client, run_id, {"succeeded", "failed"}, timeout=120)["status"] == "succeeded"
    return run_id


def assert_head_is_get(client: TestClient, url: str) -> Any:
    get, head = client.get(url), client.head(url)
    assert head.status_code == get.status_code, (url, head.status_code, get.status_code)
    assert head.content == b"", url
    assert [head.headers.get(name) for name in SAME] == [get.headers.get(name) for name in SAME]
    return get


def test_head_reads_what_get_reads_without_the_body(client: TestClient, trained: str) -> None:
    assert assert_head_is_get(client, "/api/health").status_code == 200
    for url in ("/", "/runs", f"/runs/{trained}", "/api/catalog", "/openapi.json"):
        assert assert_head_is_get(client, url).status_code in (200, 503), url  # 503: not built
    for url in (
        f"/api/runs/{trained}",
        f"/api/models/{trained}",
        f"/api/runs/{trained}/weights.safetensors",
        f"/api/runs/{trained}/files/design.json",
        f"/api/runs/{trained}/code.py",
    ):
        get = assert_head_is_get(client, url)
        assert get.status_code == 200 and int(get.headers["content-length"]) > 0, url


def test_head_gets_what_get_gets_where_get_is_refused(client: TestClient, trained: str) -> None:
    stranger = TestClient(client.app, base_url=str(client.base_url))
    stranger.get("/api/health")  # its cookie first: an answer that gives one is kept private
    refused = assert_head_is_get(stranger, f"/api/runs/{trained}/weights.safetensors")
    assert refused.status_code == 404
    assert assert_head_is_get(client, "/api/runs/nope").status_code == 404
    post_only = assert_head_is_get(client, f"/api/runs/{trained}/cancel")
    assert (post_only.status_code, post_only.headers["allow"]) == (405, "POST")
    link = client.post(f"/api/runs/{trained}/shares", json={}).json()
    token = link["url"].rsplit("/", 1)[1]
    assert assert_head_is_get(stranger, f"/api/shared/{token}/files/design.json").status_code == 200
    assert client.delete(f"/api/runs/{trained}/shares/{link['id']}").status_code == 204
    for url in (f"/s/{token}", f"/api/shared/{token}", f"/api/shared/{token}/files/design.json"):
        assert assert_head_is_get(stranger, url).status_code == 410, url
