"""A queued run's page speaks of what it will train with, not of what it trained, and names its
model page for what it does before there is a model: share it (a review: "Trained with …" and a
plain Model page button on a run that had trained nothing); once it starts, both read as before."""

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING
from tests.browser.api_calls import api_of
from tests.browser.browser_steps import PHONE, open_editor


def test_a_queued_run_says_it_trains_with_its_settings_and_its_model_page_shares_it(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    api = api_of(page)
    long = {**DIGITS_TRAINING, "epochs": 500, "batch_size": 8}
    ahead = api.post("/api/runs", data={"design": DIGITS_CNN, "training": long}).json()["id"]
    later = {**DIGITS_TRAINING, "epochs": 300}  # still training when the page looks again
    waiting = api.post("/api/runs", data={"design": DIGITS_CNN, "training": later})
    waiting_id = waiting.json()["id"]
    try:
        page.goto(f"{server_url}/runs/{waiting_id}")
        expect(page.get_by_test_id("run-status")).to_have_text("queued")
        summary = page.get_by_test_id("run-settings").locator("summary")
        expect(summary).to_have_text(
            "Trains with CrossEntropyLoss · Adam · lr 0.01 · batch 64 · 300 epochs"
        )
        # Its model page has no model yet, but shares it already: named for what it does now.
        expect(page.get_by_test_id("run-model-page")).to_have_text("Model page: share it")
        screenshot("queued-run-words")
        page.set_viewport_size(PHONE)
        expect(page.get_by_test_id("run-model-page")).to_be_visible()
        # Its charts take the new width as their resize observers fire, a frame or more after
        # the viewport's: the page fits once they have (938 px read at once in a CI run).
        # A function, not an expression: polled, an expression is eval'd, which the CSP refuses.
        fits = "(width) => document.documentElement.scrollWidth <= width"
        page.wait_for_function(fits, arg=PHONE["width"], timeout=10_000)
        screenshot("queued-run-words-phone")
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(f"{server_url}/models/{waiting_id}")
        expect(page.get_by_test_id("model-queue")).to_contain_text("1st in the queue")
        # Its model page already says it waits, with no model to try or download yet: it stays
        # linked, and its link to the run page no longer says it trains now.
        expect(page.get_by_test_id("model-run-page")).to_have_text("Follow it on the run page")
        screenshot("queued-run-model-page")
        page.goto(f"{server_url}/runs/{waiting_id}")
        # Its turn: the worker is free, it starts, and it has trained with them from then on.
        api.post(f"/api/runs/{ahead}/cancel", data={})
        expect(page.get_by_test_id("run-status")).not_to_have_text("queued", timeout=30_000)
        expect(summary).to_have_text(
            "Trained with CrossEntropyLoss · Adam · lr 0.01 · batch 64 · 300 epochs"
        )
        expect(page.get_by_test_id("run-model-page")).to_have_text("Model page")
    finally:
        for run_id in (waiting_id, ahead):
            api.post(f"/api/runs/{run_id}/cancel", data={})
