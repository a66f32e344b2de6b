"""A share page left open after its link was revoked: a download the server refuses says why on the
page. The browser cancelled it silently (the file's link is a plain `<a download>`)."""

import re
from collections.abc import Callable

from playwright.sync_api import Browser, Page, expect

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING
from tests.browser.api_calls import api_of
from tests.browser.browser_steps import screenshot_page, train_through_page

REVOKED = "This share link was revoked by the model's owner."


def test_a_download_refused_after_a_revoke_says_why(
    page: Page, browser: Browser, server_url: str, screenshot: Callable[[str], None]
) -> None:
    page.goto(server_url)
    run_id = train_through_page(page, DIGITS_CNN, {**DIGITS_TRAINING, "epochs": 2})
    share = api_of(page).post(f"/api/runs/{run_id}/shares", data={})
    assert share.status == 201, share.text()
    url = share.json()["url"]

    visitor = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
    try:
        shared = visitor.new_page()
        # The page's own check of its ended run (every 3 s) would hear of the revoke first and
        # show the link's end instead (the test below): it is kept from asking, as a page that
        # has not asked yet.
        shared.route(re.compile(r".*/api/shared/[^/]+/events\?.*"), lambda route: route.abort())
        shared.goto(url if url.startswith("http") else server_url + url)
        weights = shared.get_by_test_id("file-weights.safetensors")
        expect(weights).to_contain_text(re.compile(r"\d+(\.\d+)? KiB"))  # a size: a plain link
        # While the link lives, a download is the browser's own, and nothing is said.
        with shared.expect_download() as download:
            weights.click()
        assert download.value.suggested_filename.endswith(".safetensors")
        problem = shared.get_by_test_id("file-error-weights.safetensors")
        expect(problem).to_have_count(0)

        (link,) = api_of(page).get(f"/api/runs/{run_id}/shares").json()
        assert api_of(page).delete(f"/api/runs/{run_id}/shares/{link['id']}").status == 204
        weights.click()
        expect(problem).to_have_text(f"Could not download Weights (safetensors): {REVOKED}")
        expect(problem).to_have_attribute("role", "alert")
        screenshot_page(shared, screenshot, "share-revoked-download")
    finally:
        visitor.close()


def test_a_page_open_on_an_ended_run_says_when_its_link_is_revoked(
    page: Page, browser: Browser, server_url: str, screenshot: Callable[[str], None]
) -> None:
    """A finished run's stream has closed: the page's check whether it goes on hears the 410, and
    the page says the link was revoked, as one open on a live run does (its stream closes 4410)."""
    page.goto(server_url)
    run_id = train_through_page(page, DIGITS_CNN, {**DIGITS_TRAINING, "epochs": 2})
    share = api_of(page).post(f"/api/runs/{run_id}/shares", data={})
    url = share.json()["url"]
    visitor = browser.new_context(viewport={"width": 1440, "height": 1000})
    try:
        shared = visitor.new_page()
        shared.goto(url if url.startswith("http") else server_url + url)
        expect(shared.get_by_test_id("file-weights.safetensors")).to_be_visible()
        (link,) = api_of(page).get(f"/api/runs/{run_id}/shares").json()
        assert api_of(page).delete(f"/api/runs/{run_id}/shares/{link['id']}").status == 204
        # The page keeps nothing of the model, as a reload of the dead link would show.
        expect(shared.get_by_role("main")).to_have_text(REVOKED, timeout=15_000)
        screenshot_page(shared, screenshot, "share-revoked-while-open")
        # Told, it asks no more: it once asked, and opened a websocket, every 3 s for good.
        asked: list[str] = []
        shared.on("request", lambda request: asked.append(request.url))
        shared.on("websocket", lambda socket: asked.append(socket.url))
        shared.wait_for_timeout(7_000)
        assert [url for url in asked if "/api/shared/" in url] == [], asked
    finally:
        visitor.close()
