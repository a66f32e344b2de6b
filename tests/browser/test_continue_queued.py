"""A run continued from its page while every worker is busy waits in the queue, and its page says
so, as does a page opened on it afresh: it read FAILED or SUCCEEDED (its log's last end is its
part before), with a Continue that the server refused, until its start came (a review)."""

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.backend.conftest import DIGITS_MLP_TEMPLATE, DIGITS_TRAINING, LONG
from tests.browser.api_calls import api_of
from tests.browser.browser_steps import train_through_page


def test_a_run_continued_while_the_worker_is_busy_says_it_is_queued(
    page: Page, screenshot: Callable[[str], None]
) -> None:
    page.goto("/")
    quick = train_through_page(page, DIGITS_MLP_TEMPLATE, {**DIGITS_TRAINING, "epochs": 1})
    reply = api_of(page).post(
        "/api/runs", data={"design": DIGITS_MLP_TEMPLATE, "training": {**DIGITS_TRAINING, **LONG}}
    )
    assert reply.status == 201, reply.text()
    busy = reply.json()["id"]
    try:
        page.goto(f"/runs/{busy}")
        expect(page.get_by_test_id("run-status")).to_have_text("running", timeout=30_000)
        page.goto(f"/runs/{quick}")
        status = page.get_by_test_id("run-status")
        expect(status).to_have_text("succeeded")
        page.get_by_test_id("more-epochs-button").click()
        expect(status).to_have_text("queued")
        expect(page.get_by_test_id("more-epochs-button")).to_have_count(0)
        screenshot("run-continued-queued")
        assert api_of(page).get(f"/api/runs/{quick}").json()["status"] == "queued"
        # A page opened afresh on it (a reload, a link) reads its record, not only its log.
        page.reload()
        expect(status).to_have_text("queued")
        expect(page.get_by_test_id("more-epochs-button")).to_have_count(0)
        expect(page.get_by_test_id("progress")).to_contain_text("Waiting for a worker")
        expect(page.get_by_test_id("progress")).to_have_attribute("data-fraction", "0.000")
        screenshot("run-continued-queued-reloaded")
    finally:
        api_of(page).post(f"/api/runs/{busy}/cancel")
    # The worker freed, it trains on, and its page follows.
    expect(status).to_have_text("succeeded", timeout=60_000)
