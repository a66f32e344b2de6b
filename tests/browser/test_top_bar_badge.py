"""The top bar's badge beside Runs at its longest ("1 paused · 1 queued"): the editor's bar stays
on one line at 1280 px (Load design dropped to a second line), and at 1024 px and on a phone it
wraps inside the screen, the badge whole."""

import time
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.api_calls import api_of
from tests.browser.browser_steps import PHONE, open_editor
from tests.browser.written_run import DIGITS_MLP

LONG = {
    "dataset": "digits",
    "loss": "CrossEntropyLoss",
    "optimizer": "Adam",
    "lr": 1e-3,
    "epochs": 500,
    "batch_size": 4,
}


def _start(page: Page) -> str:
    reply = api_of(page).post("/api/runs", data={"design": DIGITS_MLP, "training": LONG})
    assert reply.status == 201, reply.text()
    run_id: str = reply.json()["id"]
    return run_id


def _status(page: Page, run_id: str) -> str:
    return str(api_of(page).get(f"/api/runs/{run_id}").json()["status"])


def _one_row(page: Page, test_ids: list[str]) -> bool:
    """Whether the elements' vertical middles are within a few pixels of one another."""
    middles = []
    for test_id in test_ids:
        box = page.get_by_test_id(test_id).bounding_box()
        assert box is not None, test_id
        middles.append(box["y"] + box["height"] / 2)
    return max(middles) - min(middles) < 6


def test_the_bar_keeps_one_line_at_1280_with_a_paused_and_a_queued_run(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    open_editor(page, server_url)
    paused = _start(page)  # the runs left are cancelled after the test (conftest.py)
    deadline = time.monotonic() + 60
    while _status(page, paused) != "running":
        assert time.monotonic() < deadline, "the run did not start within a minute"
        time.sleep(0.2)
    assert api_of(page).post(f"/api/runs/{paused}/pause").status == 200
    _start(page)  # queued behind the paused run, which holds the worker
    badge = page.get_by_test_id("running-count")
    expect(badge).to_have_text("1 paused · 1 queued")
    bar = ["design-name", "new-design", "load-design", "code-button", "runs-link"]
    assert _one_row(page, bar), "the top bar wrapped at 1280 px"
    header = page.locator("header.topbar").bounding_box()
    assert header is not None and header["height"] < 60, header
    screenshot("top-bar-badge-1280")

    for size in ({"width": 1024, "height": 768}, PHONE):
        page.set_viewport_size(size)
        expect(badge).to_have_text("1 paused · 1 queued")
        box = badge.bounding_box()
        assert box is not None and box["x"] + box["width"] <= size["width"], (size, box)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= size["width"], (size, width)
        screenshot(f"top-bar-badge-{size['width']}")
