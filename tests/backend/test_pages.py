"""The browser's pages: every address the app routes to answers with the app, so a reload or a
pasted link opens that page; an unknown address under /api is not the app."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from torchcanvas.api.app import create_app
from torchcanvas.config import ServerConfig

APP = '<!doctype html><div id="root">the app</div>'


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    frontend = tmp_path_factory.mktemp("frontend")
    (frontend / "index.html").write_text(APP)
    data = tmp_path_factory.mktemp("data")
    settings = ServerConfig(
        pin_cores=False, data_dir=data, workers=1, worker_threads=1, frontend_dist=frontend
    )
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.mark.parametrize("path", ["/", "/runs", "/runs/abc123", "/models/abc123", "/challenges"])
def test_each_page_of_the_app_is_served_at_its_own_address(client: TestClient, path: str) -> None:
    reply = client.get(path)
    assert reply.status_code == 200, f"{path}: {reply.status_code}"
    assert reply.headers["content-type"].startswith("text/html")
    assert reply.text == APP


def test_an_unknown_api_address_is_a_json_404_not_the_app(client: TestClient) -> None:
    reply = client.get("/api/runs/abc123/nothing-here")
    assert reply.status_code == 404
    assert reply.text != APP
