"""The browser's pages: every address the app routes to answers with the app, so a reload or a
pasted link opens that page; an unknown address under /api is not the app."""

import gzip
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from torchcanvas.api.app import create_app
from torchcanvas.api.built_assets import BuiltAssets
from torchcanvas.config import ServerConfig

APP = '<!doctype html><div id="root">the app</div>'
SCRIPT = "".join(f"export const line{i} = {i};\n" for i in range(2000))  # a built script


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    frontend = tmp_path_factory.mktemp("frontend")
    (frontend / "index.html").write_text(APP)
    (frontend / "assets").mkdir()
    (frontend / "assets" / "index-0a1b2c.js").write_text(SCRIPT)
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


@pytest.mark.parametrize(
    "asked, page",
    [
        ("/runs/", "/runs"),
        ("/challenges/", "/challenges"),
        ("/runs/abc123/?x=1", "/runs/abc123?x=1"),
        # The path as sent: decoded, the id's %3F was sent on as the start of a query.
        ("/runs/a%3Fb/", "/runs/a%3Fb"),
        ("/runs/a%25b//", "/runs/a%25b"),
    ],
)
def test_a_pages_address_with_a_slash_after_it_is_sent_to_the_page(
    client: TestClient, asked: str, page: str
) -> None:
    reply = client.get(asked, headers={"accept": "text/html"}, follow_redirects=False)
    assert (reply.status_code, reply.headers["location"]) == (308, page)
    assert client.get(asked).text == APP  # followed, it is the page


@pytest.mark.parametrize(
    "path", ["/run/abc123", "/editor", "/runs/abc123/more", "/nothing/", "/openapi.json/"]
)
def test_an_address_that_is_no_page_is_the_app_saying_so_to_a_browser_and_a_404_to_a_script(
    client: TestClient, path: str
) -> None:
    """The browser's 404 is the app (app/NotFound.tsx says there is no page and links those
    there are), never a bare JSON body; a script's says what the pages are. Neither redirects:
    a slash is taken off only to reach a page that is there."""
    browser = client.get(path, headers={"accept": "text/html,*/*"}, follow_redirects=False)
    assert browser.status_code == 404 and browser.text == APP
    assert browser.headers["content-type"].startswith("text/html")
    script = client.get(path, follow_redirects=False)
    assert script.status_code == 404
    assert f"There is no page or file at {path}" in script.json()["detail"]


def test_built_scripts_are_gzipped_and_kept_for_good(client: TestClient) -> None:
    """On a slow link the page stayed blank for 20 s while its 900 KB script came whole, and a
    second visit asked again (a review): gzipped for a browser that takes it, cached for good
    (a new build names its files anew)."""
    reply = client.get("/assets/index-0a1b2c.js", headers={"accept-encoding": "gzip, br"})
    assert reply.status_code == 200
    assert reply.headers["content-encoding"] == "gzip"
    assert int(reply.headers["content-length"]) < len(SCRIPT) / 4
    assert reply.text == SCRIPT  # httpx took the gzip off
    assert reply.headers["content-type"].startswith("text/javascript")
    assert reply.headers["cache-control"] == "private, max-age=31536000, immutable"
    assert reply.headers["vary"] == "Accept-Encoding"
    for plain in ("identity", "gzip;q=0, identity"):
        reply = client.get("/assets/index-0a1b2c.js", headers={"accept-encoding": plain})
        assert "content-encoding" not in reply.headers and reply.text == SCRIPT, plain
    assert client.get("/assets/index-000000.js").status_code == 404
    assert "immutable" not in client.get("/").headers.get(
        "cache-control", ""
    )  # the page may change


def test_a_rebuilds_old_scripts_are_not_kept_gzipped(tmp_path: Path) -> None:
    """A frontend built again while the server runs names its files anew: the old build's
    gzips go once a new file is gzipped (a review of what grows over weeks)."""
    (tmp_path / "assets").mkdir()
    first, second = tmp_path / "assets" / "index-1.js", tmp_path / "assets" / "index-2.js"
    first.write_text(SCRIPT)
    assets = BuiltAssets(tmp_path)
    scope = {"method": "GET", "headers": [(b"accept-encoding", b"gzip")]}
    assert assets.response({**scope, "path": "/assets/index-1.js"}) is not None
    first.unlink()
    second.write_text(SCRIPT)
    reply = assets.response({**scope, "path": "/assets/index-2.js"})
    assert reply is not None and gzip.decompress(reply.body).decode() == SCRIPT
    assert list(assets._gzipped) == [second.resolve()]
