"""A run page that loses its server says what it shows may be out of date, and holds its controls."""

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING, LONG
from tests.browser.api_calls import api_of
from tests.browser.conftest import _serve
from tests.serve import free_port


def test_a_run_page_says_when_it_lost_its_server_until_it_is_back(
    page: Page, tmp_path: Path, screenshot: Callable[[str], None]
) -> None:
    port = free_port()  # the server comes back where the page looks for it
    with _serve(tmp_path, port=port) as url:
        page.goto(url)
        body = {"design": DIGITS_CNN, "training": {**DIGITS_TRAINING, **LONG}}
        created = api_of(page).post(f"{url}/api/runs", data=body)
        assert created.status == 201, created.text()
        run_id = created.json()["id"]
        page.goto(f"{url}/runs/{run_id}")
        expect(page.get_by_test_id("run-status")).to_have_text("running", timeout=30_000)
        expect(page.get_by_test_id("stale-banner")).to_have_count(0)
        expect(page.get_by_test_id("pause-button")).to_be_enabled()

    # The server is gone: the page keeps what it saw, and says since when.
    banner = page.get_by_test_id("stale-banner")
    expect(banner).to_contain_text(
        re.compile(r"^Lost touch with the server at \d\d:\d\d:\d\d: reconnecting…")
    )
    expect(banner).to_contain_text("What you see may be out of date.")
    at = re.search(r"\d\d:\d\d:\d\d", banner.inner_text())
    assert at is not None
    expect(page.get_by_test_id("run-status")).to_have_text(f"running (as of {at[0]})")
    reason = f"Lost touch with the server at {at[0]}: this works again once it is back."
    for control in ("stop-button", "pause-button"):
        expect(page.get_by_test_id(control)).to_be_disabled()
        expect(page.get_by_test_id(control)).to_have_attribute("title", reason)
    screenshot("run-lost-server")

    # Back on the same data folder: the page is in touch again, and the status is the server's.
    with _serve(tmp_path, port=port):
        expect(banner).to_have_count(0, timeout=30_000)
        expect(page.get_by_test_id("run-status")).not_to_contain_text("as of")
