"""A run with hundreds of mistakes shows the first few rows of them and a button for the rest: a
run at chance listed all 323, and its page ran to 18 phone screens (a review)."""

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.backend.conftest import DIGITS_CNN
from tests.browser.api_calls import api_of
from tests.browser.browser_steps import FIRST_MISTAKES, PHONE, train_through_page
from tests.browser.test_share import TRAINING


def test_hundreds_of_mistakes_show_the_first_and_a_button_for_all(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    page.set_viewport_size(PHONE)
    page.goto(server_url)
    # Too low a rate for one epoch: most of the digits are wrong.
    training = {**TRAINING, "epochs": 1, "batch_size": 64, "seed": 0, "lr": 1e-6}
    run_id = train_through_page(page, DIGITS_CNN, training)
    total = len(api_of(page).get(f"/api/runs/{run_id}/results").json()["misclassified"])
    assert total > FIRST_MISTAKES, total
    page.goto(f"{server_url}/runs/{run_id}")
    gallery = page.get_by_test_id("misclassified")
    expect(gallery.locator("li")).to_have_count(FIRST_MISTAKES, timeout=30_000)
    more = page.get_by_test_id("misclassified-more")
    expect(more).to_have_text(f"Show all {total} mistakes")
    more.scroll_into_view_if_needed()
    screenshot("many-mistakes-phone")
    more.click()
    expect(gallery.locator("li")).to_have_count(total)
    expect(more).to_have_count(0)
